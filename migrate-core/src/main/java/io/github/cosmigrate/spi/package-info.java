/**
 * The service provider interfaces: {@link io.github.cosmigrate.spi.Source}, {@link io.github.cosmigrate.spi.Sink},
 * {@link io.github.cosmigrate.spi.Ledger} and {@link io.github.cosmigrate.spi.RateLimiter}.
 *
 * <h2>Shape</h2>
 * Methods are plain blocking calls that throw {@link java.io.IOException} (in practice
 * {@link io.github.cosmigrate.error.MigrateException} with an {@link io.github.cosmigrate.error.ErrorKind}). The
 * engine owns threads, retries, accounting and throttling: a plugin never starts an executor and does not retry
 * whole operations itself (an SDK's own retry of a single request is configured by the plugin and kept small).
 *
 * <h2>Threading</h2>
 * Every method but {@code Source.list} may be called from many threads at once. {@code Source.list} has at most
 * one call outstanding. A thread interrupted during a call makes the call end promptly with
 * {@link java.io.InterruptedIOException}.
 *
 * <h2>Lifecycle</h2>
 * The caller creates a plugin, passes it to the engine, and closes it after the migration's future completes;
 * the engine never closes what it did not create. {@code close()} is idempotent. A source's streams opened before
 * its {@code close()} stay readable to their end: {@link io.github.cosmigrate.spi.ClientLeases} is the one helper
 * plugins use to shut their SDK client down only after the last such stream.
 *
 * <h2>Edges</h2>
 * A missing object is an exception of kind {@code NOT_FOUND} (or {@link java.util.Optional#empty()} where the
 * method returns an Optional), never {@code null}. Empty objects are legal everywhere. Errors name the key and
 * location involved and never contain credentials, signatures or query strings.
 */
package io.github.cosmigrate.spi;
