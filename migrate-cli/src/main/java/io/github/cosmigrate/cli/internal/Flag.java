package io.github.cosmigrate.cli.internal;

import java.util.List;
import java.util.Optional;

/**
 * One flag of a command, declared once: the parser ({@link CliSpecs}, picocli underneath), the generated
 * {@code --help} and the shell completion are all built from these declarations.
 *
 * @param name the long name without {@code --}, e.g. {@code part-size}
 * @param label the value's label in the help, e.g. {@code BYTES}; empty for a switch (a flag without a value)
 * @param description what it does, for the help (picocli wraps it); the default, when there is one, is
 *     {@code dflt}
 * @param repeatable may be given more than once (its values are kept in order)
 * @param dflt the default, shown in the help ("default: ..."); empty when none or when it depends on other flags
 *     (then the description says so)
 * @param shortName a one-letter alias such as {@code -v}, or empty
 */
public record Flag(String name, String label, String description, boolean repeatable, Optional<String> dflt,
    Optional<String> shortName) {

  /** A flag that takes a value. */
  public static Flag value(String name, String label, String description) {
    return new Flag(name, label, description, false, Optional.empty(), Optional.empty());
  }

  /** A flag that takes a value, with its default. */
  public static Flag value(String name, String label, String description, String dflt) {
    return new Flag(name, label, description, false, Optional.of(dflt), Optional.empty());
  }

  /** A flag that takes a value and may be given more than once. */
  public static Flag repeatable(String name, String label, String description) {
    return new Flag(name, label, description, true, Optional.empty(), Optional.empty());
  }

  /** A switch: no value. */
  public static Flag toggle(String name, String description) {
    return new Flag(name, "", description, false, Optional.empty(), Optional.empty());
  }

  /** This flag with a one-letter alias ({@code -v}). */
  public Flag withShort(String letter) {
    return new Flag(name, label, description, repeatable, dflt, Optional.of(letter));
  }

  /** True when the flag takes no value. */
  public boolean isSwitch() {
    return label.isEmpty();
  }

  /** The flag as typed, {@code --name}. */
  public String longName() {
    return "--" + name;
  }

  /** {@code a} then {@code b}, in order. */
  @SafeVarargs
  public static List<Flag> concat(List<Flag>... lists) {
    List<Flag> all = new java.util.ArrayList<>();
    for (List<Flag> l : lists) {
      all.addAll(l);
    }
    return List.copyOf(all);
  }
}
