package io.github.cosmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's {@code --help} is generated from the flags it parses: each one listed, exit 0. */
class HelpTest {

  @Test
  void everyCommandsHelpListsEveryFlagItDeclares() {
    for (String command : Main.commandNames()) {
      MainTest.Result r = MainTest.main(Map.of(), command, "--help");
      assertThat(r.status()).as(command + ": " + r.err()).isZero();
      assertThat(r.err()).as(command).isEmpty();
      CommandSpec spec = Main.spec(command);
      assertThat(spec.options()).as(command).isNotEmpty();
      for (OptionSpec o : spec.options()) {
        assertThat(r.out()).as(command + " --help names " + o.longestName()).contains(o.longestName());
      }
      // the logging flags are on every command
      assertThat(r.out()).as(command).contains("--log-level", "-v, --verbose", "--log-file");
      // `help COMMAND` says the same
      assertThat(MainTest.main(Map.of(), "help", command).out()).isEqualTo(r.out());
    }
  }

  @Test
  void migrationCommandsShowDefaultsAndTheirCredentialVariables() {
    String local = MainTest.main(Map.of(), "local", "--help").out();
    assertThat(local).contains("Usage: cos-migrate local --source DIR", "--part-size=BYTES", "(default 16MiB)",
        "--storage-class=CLASS", "--daemon", "--time-window=WINDOWS", "--finished-folder=DIR",
        "COS_SECRET_ID, COS_SECRET_KEY", "Exit status: 0");
    assertThat(MainTest.main(Map.of(), "s3", "--help").out()).contains("Source credentials: AWS_ACCESS_KEY_ID");
    assertThat(MainTest.main(Map.of(), "oss", "--help").out()).contains("Source credentials: OSS_ACCESS_KEY_ID");
    assertThat(MainTest.main(Map.of(), "cos", "--help").out()).contains("Source credentials: COS_SRC_SECRET_ID");
    // run names each [common] key's flag
    assertThat(MainTest.main(Map.of(), "run", "--help").out()).contains("--config=FILE", "storageClass",
        "--storage-class", "executeTimeWindow", "--time-window");
  }

  @Test
  void theTopLevelHelpListsTheCommandsAndKeepsItsParagraphs() {
    MainTest.Result r = MainTest.main(Map.of(), "--help");
    assertThat(r.status()).isZero();
    for (String command : Main.commandNames()) {
      assertThat(r.out()).contains("\n  " + command + " ");
    }
    assertThat(r.out()).contains("Credentials come from the environment", "Exit status: 0", "Verification:",
        "cos-migrate completion", "--log-level");
    // `verify local --help`: verify's help, then local's
    assertThat(MainTest.main(Map.of(), "verify", "local", "--help").out()).contains("Usage: cos-migrate verify",
        "The flags of local:", "--source=DIR");
  }

  @Test
  void aUsageErrorIsOneLineNamingTheOptionAndTheHelp() {
    for (String[] args : new String[][] {{"local", "--frobnicate"}, {"local", "--source"}, {"s3", "--quiet=yes"},
        {"demo", "--work", "a", "--work", "b"}, {"uploads", "-x"}, {"local", "--log-level", "loud"}}) {
      MainTest.Result r = MainTest.main(Map.of(), args);
      assertThat(r.status()).as(String.join(" ", args)).isEqualTo(Main.CONFIG);
      assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).startsWith("cos-migrate: ").doesNotContain("Exception", "\tat ", "Usage:");
      assertThat(r.out()).isEmpty();
    }
    assertThat(MainTest.main(Map.of(), "local", "--frobnicate").err()).contains("unknown option --frobnicate",
        "see cos-migrate local --help");
    assertThat(MainTest.main(Map.of(), "local", "--source").err()).contains("option --source needs a value");
    assertThat(MainTest.main(Map.of(), "s3", "--quiet=yes").err()).contains("option --quiet takes no value");
    assertThat(MainTest.main(Map.of(), "demo", "--work", "a", "--work", "b").err())
        .contains("option --work given more than once");
    assertThat(MainTest.main(Map.of(), "local", "--log-level", "loud").err())
        .contains("--log-level must be one of error|warn|info|debug|trace, was 'loud'");
  }
}
