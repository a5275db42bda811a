package io.github.cosmigrate.cli.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A translation being built: the flags, environment and notes so far. Not thread-safe. */
final class Draft {
  String command;
  final Map<String, List<String>> flags = new LinkedHashMap<>();
  final Map<String, String> env = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();

  void flag(String name, String value) {
    flags.put(name, List.of(value));
  }

  void add(String name, String value) {
    flags.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  void on(String name) {
    flags.put(name, List.of());
  }

  void note(String line) {
    notes.add(line);
  }

  Translated build() {
    return new Translated(command, flags, env, notes);
  }
}
