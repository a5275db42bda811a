package io.github.cosmigrate.cli;

import io.github.cosmigrate.cli.internal.CosCommand;
import io.github.cosmigrate.cli.internal.DemoCommand;
import io.github.cosmigrate.cli.internal.LocalCommand;
import io.github.cosmigrate.cli.internal.OssCommand;
import io.github.cosmigrate.cli.internal.S3Command;
import io.github.cosmigrate.cli.internal.SourceCommand;
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

/**
 * The {@code cos-migrate} command line.
 *
 * <p>Commands: {@code local} (a local directory into a COS bucket), {@code s3} and {@code oss} (a bucket of
 * another cloud into a COS bucket, streamed), {@code url} (the files of URL lists), {@code cos} (another COS bucket, copied server-side), {@code demo} (the same against an embedded
 * COS-compatible server, on generated data), {@code uploads} (list or abort orphaned multipart uploads),
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
      java.util.Set.of("local", "s3", "oss", "url", "cos", "run", "uploads", "verify", "demo");

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
   * Runs one command and returns its exit status; never calls {@code System.exit}, so tests call it in-process.
   *
   * @param env the environment (credentials are read from {@code COS_SECRET_ID}, {@code COS_SECRET_KEY},
   *     {@code COS_TOKEN})
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    if (args.length == 0) {
      err.println("cos-migrate: missing command (run, local, s3, oss, url, cos, verify, demo, uploads, serve);"
          + " see cos-migrate --help");
      return CONFIG;
    }
    String command = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    boolean help = rest.contains("--help") || rest.contains("-h");
    if (!help && (command.equals("local") || command.equals("demo") || command.equals("run"))) {
      encodingWarning(System.getProperty("sun.jnu.encoding")).ifPresent(err::println);
    }
    try {
      switch (command) {
        case "-h", "--help", "help" -> {
          out.print(usage());
          return OK;
        }
        case "--version", "version" -> {
          out.println("cos-migrate " + version());
          return OK;
        }
        case "local", "s3", "oss", "url", "cos" -> {
          SourceCommand c = switch (command) {
            case "local" -> LocalCommand.INSTANCE;
            case "s3" -> S3Command.INSTANCE;
            case "oss" -> OssCommand.INSTANCE;
            case "cos" -> CosCommand.INSTANCE;
            default -> UrlCommand.INSTANCE;
          };
          if (help) {
            out.print(c.usage());
            return OK;
          }
          return c.run(rest, out, err, env);
        }
        case "run" -> {
          if (help) {
            out.print(RunCommand.usage());
            return OK;
          }
          return RunCommand.run(rest, out, err, env);
        }
        case "verify" -> {
          return VerifyCommand.run(rest, out, err, env);
        }
        case "demo" -> {
          if (help) {
            out.print(DemoCommand.usage());
            return OK;
          }
          return DemoCommand.run(rest, out, err);
        }
        case "uploads" -> {
          if (help) {
            out.print(UploadsCommand.usage());
            return OK;
          }
          return UploadsCommand.run(rest, out, err, env);
        }
        case "serve" -> {
          if (help) {
            out.print(ServeMain.usage());
            return OK;
          }
          return ServeMain.run(rest, out, err);
        }
        default -> throw new UsageException("unknown command '" + command
            + "' (commands: run, local, s3, oss, url, cos, verify, demo, uploads, serve; see cos-migrate --help)");
      }
    } catch (UsageException e) {
      err.println("cos-migrate: " + e.getMessage());
      return CONFIG;
    } catch (RuntimeException e) {
      err.println("cos-migrate: internal error: " + e + " (please report it with the command line used)");
      return ABORTED;
    }
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
    return """
        cos-migrate: move data into Tencent Cloud Object Storage (COS): verified, crash-safe, bounded, fast.

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
          cos-migrate serve --dir DIR [--bucket NAME-APPID]...
          cos-migrate flink-local COMMAND FLAGS... [--parallelism N]
                                        the same migration as a Flink job on an embedded cluster (checkout)
          cos-migrate COMMAND --help            options of one command

        Credentials come from the environment: COS_SECRET_ID, COS_SECRET_KEY, optional COS_TOKEN; for s3
        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (or the AWS SDK's default chain), for oss
        OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN; for cos COS_SRC_SECRET_ID, COS_SRC_SECRET_KEY,
        COS_SRC_TOKEN (default: the destination's).
        Logging: warnings on stderr; COS_MIGRATE_LOG=debug (or info, trace) for more, never headers or signatures.
        Exit status: 0 all migrated or skipped; 1 some objects failed or the listing stopped early;
                     2 usage or configuration error; 3 the run stopped.

        Verification: each migrated object is VERIFIED when the CRC-64/XZ of the bytes read from the source
        equals the x-cos-hash-crc64ecma COS returns for what it stored (and the source's own CRC-64, when it
        gives one); an endpoint that returns no CRC-64 leaves it UNVERIFIABLE (counted with the reason, one
        warning line at the end; --verify reread reads such objects back and compares); a CRC-64 that differs
        fails the object (INTEGRITY_MISMATCH), which is never recorded as migrated.
        """;
  }
}
