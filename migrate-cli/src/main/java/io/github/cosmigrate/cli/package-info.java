/**
 * The {@code cos-migrate} command line: {@link io.github.cosmigrate.cli.Main} (commands {@code local},
 * {@code s3}, {@code oss}, {@code url}, {@code cos}, {@code run}, {@code verify}, {@code demo}, {@code uploads},
 * {@code serve}, {@code completion}; parsed by picocli, the help generated from each command's flag table) and
 * {@link io.github.cosmigrate.cli.ServeMain} (the embedded COS-compatible server alone).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Exit status: {@value io.github.cosmigrate.cli.Main#OK} every object migrated or skipped and the listing
 *       complete; {@value io.github.cosmigrate.cli.Main#INCOMPLETE} some objects failed or the listing stopped
 *       early; {@value io.github.cosmigrate.cli.Main#CONFIG} a usage or configuration error (including any
 *       {@code FATAL_CONFIGURATION} that stops a run, e.g. a missing bucket or an endpoint no request reaches);
 *       {@value io.github.cosmigrate.cli.Main#ABORTED} the run stopped for another reason. Rerunning the same
 *       command resumes.</li>
 *   <li>Errors are one line on stderr starting {@code cos-migrate: }, naming the flag or setting to check (an
 *       unknown option, a missing value or a repeated flag too, with the command's {@code --help}); never a
 *       stack trace, never a secret (credentials come only from {@code COS_SECRET_ID}, {@code COS_SECRET_KEY},
 *       {@code COS_TOKEN}). Progress goes to stderr, summaries to stdout.</li>
 *   <li>{@link io.github.cosmigrate.cli.Main#run} never calls {@code System.exit}, so tests run it in-process;
 *       only the {@code main} methods exit. The command line binds logback ({@code internal.LogConfigurator}, with
 *       {@code logback.xml} as its fallback): everything at WARN, or at the level of {@code --log-level} / {@code -v}
 *       (every command; {@code --log-file FILE} writes the log there), else {@code COS_MIGRATE_LOG} /
 *       {@code -Dcos-migrate.log}; whatever the level, {@code com.qcloud} is off (cos_api logs request
 *       signatures) and the loggers that write headers, wire bytes or signed requests (HttpClient 4 and 5, the AWS
 *       SDK's request and signer loggers, aliyun, okhttp) stay at INFO or above.</li>
 *   <li>A run that migrated objects it could not verify (no CRC-64 from the endpoint) still exits by the rule
 *       above, and prints one warning line on stderr at the end: how many, why, and what to do
 *       ({@code --verify reread}). {@code verify} exits 0 only when every listed object is at its key with the
 *       same size and CRC-64, 1 otherwise, 2 for a configuration error.</li>
 *   <li>{@code local} and {@code demo} warn when the JVM does not decode file names as UTF-8 (the locale's
 *       {@code sun.jnu.encoding}); the {@code ./cos-migrate} launcher sets a UTF-8 locale when needed.</li>
 * </ul>
 */
package io.github.cosmigrate.cli;
