package io.github.cosmigrate.spi.provider;

import io.github.cosmigrate.spi.Source;

/** Builds sources: service-loaded from {@code META-INF/services/io.github.cosmigrate.spi.provider.SourceProvider}. */
public interface SourceProvider extends PluginProvider<Source> {
  @Override
  default PluginKind kind() {
    return PluginKind.SOURCE;
  }
}
