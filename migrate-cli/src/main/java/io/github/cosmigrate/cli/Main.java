package io.github.cosmigrate.cli;

import io.github.cosmigrate.cli.internal.CliArgs;
import io.github.cosmigrate.cli.internal.CliCommand;
import io.github.cosmigrate.cli.internal.CliSpecs;
import io.github.cosmigrate.cli.internal.Completion;
import io.github.cosmigrate.cli.internal.CosCommand;
import io.github.cosmigrate.cli.internal.LogSession;
import io.github.cosmigrate.cli.internal.DemoCommand;
import io.github.cosmigrate.cli.internal.LedgerCommand;
import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.cli.internal.OssCommand;
import io.github.cosmigrate.cli.internal.S3Command;
import io.github.cosmigrate.cli.internal.TlsWarmUp;
import io.github.cosmigrate.cli.internal.UploadsCommand;
import io.github.cosmigrate.cli.internal.UrlCommand;
import io.github.cosmigrate.cli.internal.VerifyCommand;
import io.github.cosmigrate.cli.internal.config.RunCommand;
import io.github.cosmigrate.cli.internal.UsageException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code cos-migrate} command line.
 *
 * <p>Commands: {@code local} (a local directory into a COS bucket), {@code s3} and {@code oss} (a bucket of
 * another cloud into a COS bucket, streamed), {@code url} (the files of URL lists), {@code cos} (another COS bucket, copied server-side), {@code demo} (the same against an embedded
 * COS-compatible server, on generated data), {@code uploads} (list or abort orphaned multipart uploads), {@code ledger} (export a ledger as JSONL; gc orphaned uploads),
 * {@code serve} (the embedded server alone, for comparisons).
 *
 * <p>Exit status: {@value #OK} when every object ended migrated or skipped and the listing completed;
 * {@value #INCOMPLETE} when some objects failed or the listing stopped early (a one-line reason goes to stderr);
 * {@value #CONFIG} for a usage or configuration error (a missing flag, bad bucket name, missing credentials,
 * an unreadable source, a bucket that does not exist); {@value #ABORTED} when the run stopped for any other
 * reason.
 */
public final class Main {
  /** Every object migrated or skipped, listing complete. */
  public static final int OK = 0;
  /** Some objects failed, or the listing did not complete. */
  public static final int INCOMPLETE = 1;
  /** Usage or configuration error. */
  public static final int CONFIG = 2;
  /** The run stopped: an unexpected error or an interruption. */
  public static final int ABORTED = 3;

  private Main() {}

  /**
   * cos_api's switch for its client-side MD5 check of put and upload-part bodies (it hashes every byte and compares
   * the digest with the returned ETag).
   */
  static final String COS_PUT_MD5_PROPERTY = "com.Qcloud.services.cos.disablePutObjectMD5Validation";

  /** The commands that build an SDK client, whose TLS set-up {@link TlsWarmUp} starts early. */
  private static final java.util.Set<String> TLS_COMMANDS =
      java.util.Set.of("local", "s3", "oss", "url", "cos", "run", "uploads", "ledger", "verify", "demo");

  /** Set (to anything) to leave the TLS set-up to the clients, on the main thread (for measurements). */
  static final String NO_TLS_WARM_UP_PROPERTY = "cosmigrate.noTlsWarmUp";

  public static void main(String[] args) {
    // Every put and part is verified end to end by CRC-64 (the sink hashes the bytes it hands to the SDK and
    // compares them with COS's x-cos-hash-crc64ecma), so the SDK's MD5 of the same bytes is a second hash that
    // adds nothing but CPU (about a tenth of the client's CPU on small files). An explicit -D setting wins.
    if (System.getProperty(COS_PUT_MD5_PROPERTY) == null) {
      System.setProperty(COS_PUT_MD5_PROPERTY, "true");
    }
    if (args.length > 0 && TLS_COMMANDS.contains(args[0]) && System.getProperty(NO_TLS_WARM_UP_PROPERTY) == null) {
      TlsWarmUp.start();
    }
    int status = run(args, System.out, System.err, System.getenv());
    System.out.flush();
    System.err.flush();
    System.exit(status);
  }

  /**
   * The commands, in the order the help lists them: one line each (a command that reads its own words, with a
   * hand-written help, is added with {@link CliCommand#legacy}).
   */
  private static List<CliCommand> commands() {
    return List.of(
        CliCommand.raw("run", RunCommand::spec, RunCommand::run),
        CliCommand.of(LocalCommand.INSTANCE),
        CliCommand.of(S3Command.INSTANCE),
        CliCommand.of(OssCommand.INSTANCE),
        CliCommand.of(UrlCommand.INSTANCE),
        CliCommand.of(CosCommand.INSTANCE),
        CliCommand.raw("verify", VerifyCommand::spec, VerifyCommand::run),
        CliCommand.parsed("demo", DemoCommand::spec, (a, out, err, env) -> DemoCommand.run(a, out, err)),
        CliCommand.parsed("uploads", UploadsCommand::spec, UploadsCommand::run),
        CliCommand.parsed("ledger", LedgerCommand::spec, LedgerCommand::run),
        CliCommand.parsed("serve", ServeMain::spec, (a, out, err, env) -> ServeMain.run(a, out, err)),
        CliCommand.parsed("completion", Completion::spec, (a, out, err, env) -> Completion.run(a, topSpec(), out)));
  }

  /**
   * Runs one command and returns its exit status; never calls {@code System.exit}, so tests call it in-process.
   *
   * @param env the environment (credentials are read from {@code COS_SECRET_ID}, {@code COS_SECRET_KEY},
   *     {@code COS_TOKEN})
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    args = CliSpecs.loggingAfterCommand(Arrays.asList(args)).toArray(new String[0]);
    List<CliCommand> commands = commands();
    String names = commands.stream().map(CliCommand::name).collect(Collectors.joining(", "));
    if (args.length == 0) {
      err.println("cos-migrate: missing command (" + names + "); see cos-migrate --help");
      return CONFIG;
    }
    String command = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    boolean help = helpAsked(rest);
    if (!help && (command.equals("local") || command.equals("demo") || command.equals("run"))) {
      encodingWarning(System.getProperty("sun.jnu.encoding")).ifPresent(err::println);
    }
    try {
      switch (command) {
        case "-h", "--help", "help" -> {
          Optional<CliCommand> c = rest.isEmpty() ? Optional.empty() : find(commands, rest.get(0));
          out.print(c.map(x -> CliSpecs.usage(x.spec().get())).orElseGet(Main::usage));
          return OK;
        }
        case "--version", "version", "-V" -> {
          out.println("cos-migrate " + version());
          return OK;
        }
        default -> {
          CliCommand c = find(commands, command).orElseThrow(() -> new UsageException("unknown command '" + command
              + "' (commands: " + names + "; see cos-migrate --help)"));
          return run(c, rest, help, out, err, env);
        }
      }
    } catch (UsageException e) {
      err.println("cos-migrate: " + e.getMessage());
      return CONFIG;
    } catch (RuntimeException e) {
      err.println("cos-migrate: internal error: " + e + " (please report it with the command line used)");
      return ABORTED;
    }
  }

  private static int run(CliCommand c, List<String> rest, boolean help, PrintStream out, PrintStream err,
      Map<String, String> env) throws UsageException {
    CommandSpec spec = c.spec().get();
    if (help) {
      // `verify local ... --help`: the help of verify, then that of local
      CommandSpec sub = rest.isEmpty() ? null : spec.subcommands().containsKey(rest.get(0))
          ? spec.subcommands().get(rest.get(0)).getCommandSpec() : null;
      out.print(CliSpecs.usage(spec) + (sub == null ? "" : "\nThe flags of " + sub.name() + ":\n\n"
          + CliSpecs.usage(sub)));
      return OK;
    }
    CliArgs a = c.parsed() != null ? CliSpecs.parse(spec, rest) : CliSpecs.parseLogging(c.name(), rest);
    try (LogSession log = LogSession.open(a, env)) {
      org.slf4j.LoggerFactory.getLogger(Main.class).debug("cos-migrate {}: {}", version(), c.name());
      return c.parsed() != null ? c.parsed().run(a, out, err, env)
          : c.raw().run(CliSpecs.withoutLogging(rest), out, err, env);
    }
  }

  /** True when {@code --help} or {@code -h} comes before a {@code --}. */
  private static boolean helpAsked(List<String> rest) {
    for (String a : rest) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("--help") || a.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  /** The command words, in the order the help lists them. */
  static List<String> commandNames() {
    return commands().stream().map(CliCommand::name).toList();
  }

  /** The specification of one command (tests check its help lists every flag). */
  static CommandSpec spec(String command) {
    return find(commands(), command).orElseThrow().spec().get();
  }

  private static Optional<CliCommand> find(List<CliCommand> commands, String name) {
    return commands.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The whole command line's specification: every command as a subcommand (help, completion). */
  static CommandSpec topSpec() {
    CommandSpec top = CliSpecs.rawSpec("cos-migrate", new CliSpecs.Help(HEADER, SYNOPSIS, "", FOOTER), List.of());
    top.usageMessage().commandListHeading("%nCommands:%n");
    top.addOption(picocli.CommandLine.Model.OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("print the version and exit").build());
    for (CliCommand c : commands()) {
      top.addSubcommand(c.name(), c.spec().get());
    }
    return top;
  }

  /**
   * The warning to print when this JVM decodes file names ({@code sun.jnu.encoding}, taken from the locale) with a
   * charset other than UTF-8, e.g. {@code ANSI_X3.4-1968} when {@code LANG} is unset.
   */
  static Optional<String> encodingWarning(String fileNameCharset) {
    String cs = fileNameCharset == null ? "" : fileNameCharset.replace("-", "").toLowerCase(Locale.ROOT);
    if (cs.equals("utf8")) {
      return Optional.empty();
    }
    return Optional.of("cos-migrate: warning: this JVM decodes file names as " + fileNameCharset + " (from the"
        + " locale), not UTF-8: files whose names are not plain ASCII would be reported as undecodable; run with"
        + " LANG=C.UTF-8 LC_ALL=C.UTF-8 (the ./cos-migrate launcher sets them when the locale is not UTF-8)");
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  static String usage() {
    return CliSpecs.usage(topSpec());
  }

  private static final String HEADER =
      "cos-migrate: move data into Tencent Cloud Object Storage (COS): verified, crash-safe, bounded, fast.";

  private static final String SYNOPSIS = """

      Usage:
        cos-migrate demo                      migrate generated data into an embedded COS-compatible server
        cos-migrate run --config conf/config.ini [-Dsection.key=value]... [--dry-run]
                                              the original tool's config file (cos_migrate_tool_v5)
        cos-migrate local --source DIR --bucket NAME-APPID --region REGION [options]
        cos-migrate s3 --src-bucket B [--src-prefix P] [--src-region R] [--src-endpoint URL]
                       [--src-path-style] --bucket NAME-APPID --region REGION [options]
        cos-migrate oss --src-bucket B --src-endpoint URL [--src-prefix P] --bucket NAME-APPID
                        --region REGION [options]
        cos-migrate url --list FILE_OR_FOLDER --bucket NAME-APPID --region REGION [options]
        cos-migrate cos --src-bucket NAME-APPID --src-region R [--src-prefix P] [--storage-class-filter C]
                        --bucket NAME-APPID --region REGION [options]
        cos-migrate verify COMMAND FLAGS...   compare a job's source with COS (size, CRC-64), upload nothing
        cos-migrate uploads --bucket NAME-APPID --region REGION [--prefix P] [--abort]
        cos-migrate ledger export|gc [--ledger DIR] ...   a job's records as JSONL; orphaned uploads (gc)
        cos-migrate serve --dir DIR [--bucket NAME-APPID]...
        cos-migrate flink-local COMMAND FLAGS... [--parallelism N]
                                      the same migration as a Flink job on an embedded cluster (checkout)
        cos-migrate completion [bash|zsh]     print the shell completion script
        cos-migrate COMMAND --help            options of one command (also: cos-migrate help COMMAND)
      """;

  private static final String FOOTER = """
      Credentials come from the environment: COS_SECRET_ID, COS_SECRET_KEY, optional COS_TOKEN; for s3
      AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (or the AWS SDK's default chain), for oss
      OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN; for cos COS_SRC_SECRET_ID, COS_SRC_SECRET_KEY,
      COS_SRC_TOKEN (default: the destination's).

      Logging: warnings on stderr; every command takes --log-level LEVEL (error, warn, info, debug, trace),
      -v (info) / -vv (debug) and --log-file FILE; COS_MIGRATE_LOG=debug does the same without flags. Never
      headers or signatures.

      Shell completion: source <(cos-migrate completion) in bash or zsh.

      Exit status: 0 all migrated or skipped; 1 some objects failed or the listing stopped early;
                   2 usage or configuration error; 3 the run stopped.

      Verification: each migrated object is VERIFIED when the CRC-64/XZ of the bytes read from the source
      equals the x-cos-hash-crc64ecma COS returns for what it stored (and the source's own CRC-64, when it
      gives one); an endpoint that returns no CRC-64 leaves it UNVERIFIABLE (counted with the reason, one
      warning line at the end; --verify reread reads such objects back and compares); a CRC-64 that differs
      fails the object (INTEGRITY_MISMATCH), which is never recorded as migrated.
      """;
}
