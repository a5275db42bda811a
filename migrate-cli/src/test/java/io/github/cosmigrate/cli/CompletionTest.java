package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cos-migrate completion}: picocli's script for every command and its flags. */
class CompletionTest {

  @Test
  void theScriptCompletesEveryCommandAndTheirFlags() {
    MainTest.Result r = MainTest.main(Map.of(), "completion");
    assertThat(r.status()).as(r.err()).isZero();
    String script = r.out();
    assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F", "cos-migrate");
    for (String command : Main.commandNames()) {
      assertThat(script).as(command).contains(command);
    }
    // flags of the migration commands, of their source and of every command
    assertThat(script).contains("--storage-class", "--src-bucket", "--source", "--list", "--storage-class-filter",
        "--daemon", "--time-window", "--log-level", "--log-file", "--verbose", "--help");
    // the same script for zsh (it loads bashcompinit itself)
    MainTest.Result zsh = MainTest.main(Map.of(), "completion", "zsh");
    assertThat(zsh.status()).isZero();
    assertThat(zsh.out()).isEqualTo(script).contains("bashcompinit");
  }

  @Test
  void anotherShellIsAUsageErrorOnOneLine() {
    MainTest.Result r = MainTest.main(Map.of(), "completion", "fish");
    assertThat(r.status()).isEqualTo(Main.CONFIG);
    assertThat(r.err()).startsWith("cos-migrate: completion: the shell is bash or zsh, was 'fish'")
        .contains("see cos-migrate completion --help");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }
}
