package io.github.cosmigrate.spi.capability;

import java.io.IOException;

/**
 * A plugin that can check its configuration with one or two cheap requests. The engine probes the sink (and a source
 * that has this capability) once, before the first transfer: a run whose endpoint, credentials or bucket are wrong
 * stops at once with one configuration error instead of failing every object.
 *
 * <p>{@link #probe()} throws a {@link io.github.cosmigrate.error.ConfigurationException} (kind
 * {@code FATAL_CONFIGURATION}) naming the settings at fault when the answer proves the configuration wrong: the
 * endpoint cannot be reached (connection refused, a host name that does not resolve, a connect timeout), the TLS
 * handshake fails, the credentials are rejected, the bucket does not exist or is in another region. Anything that
 * does not prove it (a 5xx, throttling, a timeout reading an answer, credentials that may not run the probe's own
 * request) is no reason to stop the run: the probe returns normally or throws an exception of another kind, which the
 * engine logs at WARN before it goes on.
 */
public interface Probe {
  /** Checks the configuration; see the type's documentation for what it throws. */
  void probe() throws IOException;
}
