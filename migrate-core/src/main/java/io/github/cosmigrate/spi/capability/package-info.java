/**
 * Optional capabilities as small mix-in interfaces. A plugin declares a capability by implementing the interface
 * (checked once with {@code instanceof}); a capability it lacks is absent, never a method that throws. Where a
 * declared capability cannot serve one particular call, it throws a {@code MigrateException} of kind
 * {@code UNSUPPORTED} and the engine falls back (for a copy: streaming).
 */
package io.github.cosmigrate.spi.capability;
