package io.github.cosmigrate.spi.provider;

import io.github.cosmigrate.spi.Ledger;

/** Builds ledgers: service-loaded from {@code META-INF/services/io.github.cosmigrate.spi.provider.LedgerProvider}. */
public interface LedgerProvider extends PluginProvider<Ledger> {
  @Override
  default PluginKind kind() {
    return PluginKind.LEDGER;
  }
}
