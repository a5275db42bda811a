package io.github.cosmigrate.cli.internal;

import io.github.cosmigrate.cli.Main;
import java.io.PrintStream;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cos-migrate completion [bash|zsh]}: prints the shell completion script picocli generates from the
 * commands' specifications (every command and its flags). One script serves bash and zsh (in zsh it loads
 * {@code bashcompinit}): {@code source <(cos-migrate completion)}.
 */
public final class Completion {
  private Completion() {}

  /** The command's specification. */
  public static CommandSpec spec() {
    return CliSpecs.spec("completion", new CliSpecs.Help("print the shell completion script (bash or zsh)",
        "Usage: cos-migrate completion [bash|zsh]", """
        Prints a completion script for bash or zsh (the same script serves both) that completes the commands
        and their flags. Load it in the current shell:
          source <(cos-migrate completion)
        or install it, e.g.:
          cos-migrate completion > /etc/bash_completion.d/cos-migrate
        """, ""), List.of());
  }

  /** Prints the script for the command line {@code top}; returns the exit status. */
  public static int run(CliArgs a, CommandSpec top, PrintStream out) throws UsageException {
    List<String> words = a.positional();
    if (words.size() > 1 || (words.size() == 1 && !List.of("bash", "zsh").contains(words.get(0)))) {
      throw new UsageException("completion: the shell is bash or zsh, was '" + String.join(" ", words)
          + "' (see cos-migrate completion --help)");
    }
    out.print(script(top));
    return Main.OK;
  }

  /** The completion script of {@code top}. */
  public static String script(CommandSpec top) {
    return AutoComplete.bash(top.name(), CliSpecs.commandLine(top));
  }
}
