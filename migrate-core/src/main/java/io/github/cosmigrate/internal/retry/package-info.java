/** Retry arithmetic: backoff with full jitter and the AIMD request limit. Not API. */
package io.github.cosmigrate.internal.retry;
