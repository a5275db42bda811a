package io.github.cosmigrate.api;

import io.github.cosmigrate.spi.Ledger;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import io.github.cosmigrate.spi.provider.LedgerProvider;
import io.github.cosmigrate.spi.provider.PluginKind;
import io.github.cosmigrate.spi.provider.PluginProvider;
import io.github.cosmigrate.spi.provider.SinkProvider;
import io.github.cosmigrate.spi.provider.SourceProvider;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Builds sources, sinks and ledgers by type name from flat string settings, through the providers on the class
 * path ({@link io.github.cosmigrate.spi.provider}). Providers are looked up with the thread's context class loader
 * (falling back to this class's loader) on every call, so a plugin added to the class path at run time is seen.
 * Thread-safe.
 *
 * <pre>{@code
 * try (Source src = Plugins.source("local", Map.of("root", "/data/photos"));
 *      Sink dst = Plugins.sink("cos", Map.of("region", "ap-guangzhou", "bucket", "photos-1250000000"))) { ... }
 * }</pre>
 */
public final class Plugins {
  private Plugins() {}

  /** A new source of {@code type}; the caller closes it. */
  public static Source source(String type, Map<String, String> settings) throws IOException {
    return sourceProvider(type).build(settings);
  }

  /** A new sink of {@code type}; the caller closes it. */
  public static Sink sink(String type, Map<String, String> settings) throws IOException {
    return sinkProvider(type).build(settings);
  }

  /** A new ledger of {@code type}; the caller closes it. */
  public static Ledger ledger(String type, Map<String, String> settings) throws IOException {
    return ledgerProvider(type).build(settings);
  }

  /** The source provider of {@code type}. @throws IllegalArgumentException naming the available types */
  public static SourceProvider sourceProvider(String type) {
    return find(SourceProvider.class, PluginKind.SOURCE, type);
  }

  /** The sink provider of {@code type}. @throws IllegalArgumentException naming the available types */
  public static SinkProvider sinkProvider(String type) {
    return find(SinkProvider.class, PluginKind.SINK, type);
  }

  /** The ledger provider of {@code type}. @throws IllegalArgumentException naming the available types */
  public static LedgerProvider ledgerProvider(String type) {
    return find(LedgerProvider.class, PluginKind.LEDGER, type);
  }

  /** The provider of a kind and type. @throws IllegalArgumentException naming the available types */
  public static PluginProvider<?> provider(PluginKind kind, String type) {
    return switch (kind) {
      case SOURCE -> sourceProvider(type);
      case SINK -> sinkProvider(type);
      case LEDGER -> ledgerProvider(type);
    };
  }

  /** The source types available, sorted. */
  public static List<String> sourceTypes() {
    return List.copyOf(all(SourceProvider.class, PluginKind.SOURCE).keySet());
  }

  /** The sink types available, sorted. */
  public static List<String> sinkTypes() {
    return List.copyOf(all(SinkProvider.class, PluginKind.SINK).keySet());
  }

  /** The ledger types available, sorted. */
  public static List<String> ledgerTypes() {
    return List.copyOf(all(LedgerProvider.class, PluginKind.LEDGER).keySet());
  }

  /** The types of one kind available, sorted. */
  public static List<String> types(PluginKind kind) {
    return switch (kind) {
      case SOURCE -> sourceTypes();
      case SINK -> sinkTypes();
      case LEDGER -> ledgerTypes();
    };
  }

  private static <P extends PluginProvider<?>> P find(Class<P> service, PluginKind kind, String type) {
    TreeMap<String, P> all = all(service, kind);
    P p = all.get(type);
    if (p == null) {
      throw new IllegalArgumentException("no " + kind.label() + " of type '" + type + "' (available: "
          + (all.isEmpty() ? "none" : String.join(", ", all.keySet())) + "); add the module that provides it to"
          + " the class path");
    }
    return p;
  }

  private static <P extends PluginProvider<?>> TreeMap<String, P> all(Class<P> service, PluginKind kind) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    TreeMap<String, P> found = new TreeMap<>();
    try {
      for (P p : ServiceLoader.load(service, cl == null ? Plugins.class.getClassLoader() : cl)) {
        P before = found.putIfAbsent(p.type(), p);
        if (before != null && before.getClass() != p.getClass()) {
          throw new IllegalStateException(kind.describe(p.type()) + ": two providers claim this type: "
              + before.getClass().getName() + " and " + p.getClass().getName() + "; remove one from the class path");
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("cannot load the " + kind.label() + " providers: " + e.getMessage(), e);
    }
    return found;
  }
}
