package io.github.cosmigrate.cli.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line's parser: picocli, over command specifications built in code from each command's
 * {@link Flag} table, so that parsing, {@code --help} and shell completion come from the same declarations. A parse
 * error becomes one {@link UsageException} line naming the option (exit status 2); picocli never prints.
 */
public final class CliSpecs {
  private CliSpecs() {}

  /** The name of a specification that is no command's (its errors point to the top-level help). */
  static final String TOP = "cos-migrate";

  /** Help and completion lines are wrapped at this width. */
  static final int WIDTH = 110;

  /**
   * The texts of a command's help around its generated option list.
   *
   * @param summary one line, shown in the list of commands
   * @param synopsis the usage lines, e.g. {@code Usage: cos-migrate local --source DIR ...}
   * @param description paragraphs after the synopsis (may be empty)
   * @param footer paragraphs after the options: environment, verification, exit status (may be empty)
   */
  public record Help(String summary, String synopsis, String description, String footer) {}

  /** The flags every command has: help and logging. */
  static final List<Flag> COMMON = Flag.concat(List.of(Flag.toggle("help", "print this help and exit").withShort("h")),
      LogSession.FLAGS);

  /**
   * A command's specification: its flags, then the logging flags and {@code --help}; words that are not options
   * are collected (the command decides whether it takes any).
   */
  public static CommandSpec spec(String name, Help help, List<Flag> flags) {
    CommandSpec spec = CommandSpec.create().name(name);
    CommandLine.Model.UsageMessageSpec u = spec.usageMessage();
    u.header(escape(help.summary()));
    u.customSynopsis(help.synopsis().stripTrailing() + "\n");
    if (!help.description().isBlank()) {
      u.description(lines(help.description()));
    }
    if (!help.footer().isBlank()) {
      u.footer(lines("\n" + help.footer()));
    }
    u.width(WIDTH);
    u.longOptionsMaxWidth(32);
    u.optionListHeading("%nOptions:%n");
    u.synopsisHeading("");
    u.sortOptions(false);
    Set<String> seen = new java.util.HashSet<>();
    for (Flag f : Flag.concat(flags, COMMON)) {
      if (!seen.add(f.name())) {
        throw new IllegalStateException("flag --" + f.name() + " declared twice for " + name);
      }
      spec.addOption(option(f));
    }
    spec.addPositional(PositionalParamSpec.builder().type(List.class).auxiliaryTypes(String.class).arity("0..*")
        .paramLabel("ARG").hidden(true).build());
    return spec;
  }

  /**
   * The specification of a command that reads its own arguments (its declared {@code flags} are for the help and
   * the completion only): the words are passed on as given, without the logging flags.
   */
  public static CommandSpec rawSpec(String name, Help help, List<Flag> flags) {
    CommandSpec spec = spec(name, help, flags);
    spec.parser().unmatchedArgumentsAllowed(true).unmatchedOptionsArePositionalParams(true);
    return spec;
  }

  private static OptionSpec option(Flag f) {
    List<String> names = new ArrayList<>();
    f.shortName().ifPresent(s -> names.add("-" + s));
    names.add(f.longName());
    OptionSpec.Builder b = OptionSpec.builder(names.toArray(new String[0]));
    String d = f.description() + f.dflt().map(v -> " (default " + v + ")").orElse("");
    b.description(escape(d));
    if (f.isSwitch()) {
      b.arity("0").type(f.repeatable() ? boolean[].class : boolean.class);
    } else {
      b.arity("1").paramLabel(f.label());
      if (f.repeatable()) {
        b.type(List.class).auxiliaryTypes(String.class);
      } else {
        b.type(String.class);
      }
    }
    return b.build();
  }

  /** picocli formats help text: a literal percent sign must be doubled. */
  private static String escape(String text) {
    return text.replace("%", "%%");
  }

  /**
   * The lines of a help paragraph text, reflowed for picocli to wrap: a line that starts without a blank and follows
   * such a line continues its paragraph; blank lines and indented lines (tables, examples) are kept as they are.
   */
  static String[] lines(String text) {
    List<String> out = new ArrayList<>();
    boolean open = false;
    for (String line : escape(text.stripTrailing()).split("\n", -1)) {
      boolean plain = !line.isBlank() && !Character.isWhitespace(line.charAt(0));
      if (plain && open) {
        out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.strip());
      } else {
        out.add(line);
      }
      open = plain;
    }
    return out.toArray(new String[0]);
  }

  /** A picocli command line over {@code spec}: no @file expansion, nothing printed. */
  public static CommandLine commandLine(CommandSpec spec) {
    CommandLine cl = new CommandLine(spec);
    cl.setExpandAtFiles(false);
    cl.setOverwrittenOptionsAllowed(false);
    cl.setCaseInsensitiveEnumValuesAllowed(false);
    return cl;
  }

  /** The generated help of {@code spec}, without colours. */
  public static String usage(CommandSpec spec) {
    return commandLine(spec).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  /** Parses {@code args} against {@code spec}; a parse error is one line naming the option. */
  public static CliArgs parse(CommandSpec spec, List<String> args) throws UsageException {
    CommandLine cl = commandLine(spec);
    ParseResult pr;
    try {
      pr = cl.parseArgs(args.toArray(new String[0]));
    } catch (CommandLine.ParameterException e) {
      throw error(e, spec.name());
    }
    return of(pr);
  }

  /** The values a parse found, by flag name (without {@code --}); a switch has one {@code true} per occurrence. */
  static CliArgs of(ParseResult pr) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    Map<OptionSpec, Boolean> done = new IdentityHashMap<>();
    for (OptionSpec o : pr.matchedOptions()) {
      if (done.put(o, Boolean.TRUE) != null) {
        continue;
      }
      String name = o.longestName().replaceFirst("^-+", "");
      List<String> v = new ArrayList<>();
      if (o.arity().max() == 0) {
        Object value = o.getValue();
        int n = value instanceof boolean[] b ? b.length : 1;
        v.addAll(Collections.nCopies(n, "true"));
      } else {
        v.addAll(o.originalStringValues());
      }
      values.put(name, v);
    }
    List<String> positional = new ArrayList<>();
    Map<PositionalParamSpec, Boolean> seen = new IdentityHashMap<>();
    for (PositionalParamSpec p : pr.matchedPositionals()) {
      if (seen.put(p, Boolean.TRUE) == null) {
        positional.addAll(p.originalStringValues());
      }
    }
    positional.addAll(pr.unmatched());
    return new CliArgs(values, positional);
  }

  private static final Pattern QUOTED_OPTION = Pattern.compile("option '(-[^']*)'");

  /** A picocli parse error as one line naming the option, and where to read more. */
  static UsageException error(CommandLine.ParameterException e, String command) {
    String hint = command.equals(TOP) ? " (see cos-migrate --help)" : " (see cos-migrate " + command + " --help)";
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      if (arg.startsWith("--") && arg.length() > 2) {
        int eq = arg.indexOf('=');
        return new UsageException("unknown option " + (eq < 0 ? arg : arg.substring(0, eq)) + hint);
      }
      if (arg.startsWith("-") && arg.length() > 1) {
        return new UsageException("unknown option " + arg + " (options are spelled --name;" + hint.substring(2));
      }
      return new UsageException("unexpected argument '" + arg + "'" + hint);
    }
    if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
        && m.getMissing().get(0) instanceof OptionSpec o) {
      return new UsageException("option " + o.longestName() + " needs a value" + hint);
    }
    if (e instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec spec) {
      return new UsageException("option " + spec.longestName() + " given more than once" + hint);
    }
    Matcher m = QUOTED_OPTION.matcher(String.valueOf(e.getMessage()));
    String option = m.find() ? m.group(1) : "";
    if (e instanceof CommandLine.MaxValuesExceededException && !option.isEmpty()) {
      return new UsageException("option " + option + " takes no value" + hint);
    }
    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("bad arguments");
    return new UsageException(first + hint);
  }

  /**
   * The logging flags among the words of a command that reads its own ({@link CliCommand#raw}); the other words
   * are left for it.
   */
  public static CliArgs parseLogging(String command, List<String> args) throws UsageException {
    CommandSpec spec = rawSpec(command, new Help("", "", "", ""), List.of());
    return parse(spec, args);
  }

  /**
   * {@code args} with the logging flags given before the command word moved after it ({@code cos-migrate -v local
   * ...} is {@code cos-migrate local -v ...}).
   */
  public static List<String> loggingAfterCommand(List<String> args) {
    int i = 0;
    while (i < args.size()) {
      String a = args.get(i);
      if (a.equals("--log-level") || a.equals("--log-file")) {
        i += 2;
      } else if (a.startsWith("--log-level=") || a.startsWith("--log-file=") || a.equals("--verbose")
          || a.matches("-v+")) {
        i++;
      } else {
        break;
      }
    }
    if (i == 0 || i >= args.size()) {
      return args;
    }
    List<String> out = new ArrayList<>();
    out.add(args.get(i));
    out.addAll(args.subList(0, i));
    out.addAll(args.subList(i + 1, args.size()));
    return out;
  }

  /**
   * {@code args} without the logging flags ({@link LogSession#FLAGS}), for a command that reads its own words;
   * words after {@code --} are kept as they are.
   */
  public static List<String> withoutLogging(List<String> args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        out.addAll(args.subList(i, args.size()));
        break;
      }
      if (a.equals("--log-level") || a.equals("--log-file")) {
        i++;
        continue;
      }
      if (a.startsWith("--log-level=") || a.startsWith("--log-file=") || a.equals("--verbose")
          || a.matches("-v+")) {
        continue;
      }
      out.add(a);
    }
    return out;
  }
}
