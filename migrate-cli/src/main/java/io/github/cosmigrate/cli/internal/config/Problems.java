package io.github.cosmigrate.cli.internal.config;

import java.util.ArrayList;
import java.util.List;

/** The problems found in a config file, collected so that all are reported at once. Not thread-safe. */
public final class Problems {
  private final List<String> all = new ArrayList<>();

  /** Adds "{@code where}: {@code what}". */
  public void add(String where, String what) {
    all.add(where + ": " + what);
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }

  public List<String> list() {
    return List.copyOf(all);
  }
}
