package io.github.cosmigrate.spi.provider;

import io.github.cosmigrate.spi.Sink;

/** Builds sinks: service-loaded from {@code META-INF/services/io.github.cosmigrate.spi.provider.SinkProvider}. */
public interface SinkProvider extends PluginProvider<Sink> {
  @Override
  default PluginKind kind() {
    return PluginKind.SINK;
  }
}
