/**
 * The rate limiter behind {@link io.github.cosmigrate.api.RateLimiters}: a "pay later" token bucket with an
 * injectable clock and sleeper, and an {@link java.io.InputStream} wrapper that throttles bytes as they are read.
 * Internal: not part of the public API; use {@link io.github.cosmigrate.api.RateLimiters}.
 */
package io.github.cosmigrate.internal.ratelimit;
