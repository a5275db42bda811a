/**
 * The error taxonomy. One checked type, {@link io.github.cosmigrate.error.MigrateException}, carries an
 * {@link io.github.cosmigrate.error.ErrorKind}; retryable versus fatal is a property of the kind, never
 * decided by parsing messages. SPI methods throw it (or plain {@code IOException}, which counts as transient).
 * A fatal error that particular settings are to blame for is a
 * {@link io.github.cosmigrate.error.ConfigurationException}, which names them.
 * Interruption is reported as {@link java.io.InterruptedIOException} with the thread's interrupt flag set.
 */
package io.github.cosmigrate.error;
