/**
 * A migration as an Apache Flink job, for migrations that outgrow one machine: {@link
 * io.github.cosmigrate.flink.FlinkMigration} builds the job (listing splits, per-object transfers on the workers, a
 * merged report) from a serialisable {@link io.github.cosmigrate.flink.JobSpec} (plugins by provider type and flat
 * string settings, built on each worker through the provider SPI); {@link io.github.cosmigrate.flink.FlinkCommand}
 * runs a command line migration command as such a job, on an embedded mini-cluster ({@link
 * io.github.cosmigrate.flink.FlinkLocalMain}, {@code cos-migrate flink-local}) or on a cluster ({@link
 * io.github.cosmigrate.flink.FlinkJobMain}, {@code flink run}).
 *
 * <p><b>Guarantees.</b> The transfer of each object is the core's own ({@link io.github.cosmigrate.api.ObjectTransfer}):
 * the same limits, metadata mapping, CRC-64 verification and retries as the single-JVM engine. The job's progress is
 * Flink's checkpointed state, not a ledger: after a failure the job restores its last completed checkpoint; objects
 * finished before it are not sent again, objects finished after it or in flight at it are (at most once more each);
 * a multipart upload is completed only by the attempt that finishes it, and uploads of failed attempts are aborted
 * when the workers start again. Every listed object ends in exactly one terminal state in the report.
 *
 * <p><b>Limits.</b> The job-wide objects in flight, bandwidth and request rate are divided evenly across the
 * transfer workers; a worker whose sink COS throttles (503 SlowDown) backs off its own share by the core's AIMD rule
 * and regains it with successes, and the report counts the throttled answers ({@link
 * io.github.cosmigrate.flink.FlinkMigration.Result}).
 *
 * <p>The core and the plugins know nothing of Flink; this module depends on them, never the reverse. Flink itself is
 * {@code provided}: on a cluster it is the cluster's; {@code cos-migrate flink-local} puts it on the class path of its
 * own JVM only, so the command line's class path stays free of it.
 */
package io.github.cosmigrate.flink;
