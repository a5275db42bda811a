package io.github.cosmigrate.flink;

import io.github.cosmigrate.api.ManifestSource;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.Plugins;
import io.github.cosmigrate.api.SkipMode;
import io.github.cosmigrate.api.VerifyMode;
import io.github.cosmigrate.flink.internal.Descriptors;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a migration job on Flink does, in a form that travels with the job graph to the JobManager and every
 * TaskManager: the source and the sink as provider types with their flat string settings (each worker builds its own
 * plugins from them through the provider SPI, {@link Plugins}), the engine options of one transfer, and the job-wide
 * limits that are divided across the transfer workers.
 *
 * <p>The settings may hold credentials: they travel inside the job graph (as a job's configuration does in Flink);
 * {@link #toString()} never shows them.
 *
 * @param sourceType the source provider's type, e.g. {@code local}
 * @param sourceSettings the source provider's settings
 * @param manifest a manifest that replaces the source's listing, or null
 * @param sinkType the sink provider's type, e.g. {@code cos}
 * @param sinkSettings the sink provider's settings
 * @param transfer the options of one object's transfer
 * @param bandwidth job-wide bytes per second read from the source (0: unlimited), divided across the workers
 * @param requestsPerSecond job-wide requests per second to the sink (0: unlimited), divided across the workers
 * @param concurrency objects in flight at once on each transfer worker
 */
public record JobSpec(String sourceType, Map<String, String> sourceSettings, Manifest manifest, String sinkType,
    Map<String, String> sinkSettings, Transfer transfer, long bandwidth, double requestsPerSecond, int concurrency)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public JobSpec {
    Objects.requireNonNull(sourceType, "sourceType");
    sourceSettings = new TreeMap<>(sourceSettings);
    Objects.requireNonNull(sinkType, "sinkType");
    sinkSettings = new TreeMap<>(sinkSettings);
    Objects.requireNonNull(transfer, "transfer");
    if (bandwidth < 0 || requestsPerSecond < 0 || concurrency < 1) {
      throw new IllegalArgumentException("bandwidth and requestsPerSecond must be >= 0, concurrency >= 1");
    }
  }

  /**
   * A listing from a manifest file, read by the JobManager (the split enumerator): the path must be readable there.
   *
   * @param file the manifest
   * @param schema the inventory's column order, or null for the default
   * @param bucket the source bucket the rows must name
   * @param prefix the source prefix
   */
  public record Manifest(String file, String schema, String bucket, String prefix) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The options of one object's transfer ({@link MigrationOptions}), serialisable.
   *
   * @param destinationPrefix prepended to every source key
   * @param multipartThreshold objects of at least this size go multipart
   * @param partSize preferred part size
   * @param partsPerObject parts of one object in flight at once
   * @param maxBytesInFlight memory one transfer may hold for buffers
   * @param maxAttempts attempts per object and part
   * @param initialBackoffMillis the first retry delay
   * @param maxBackoffMillis the largest retry delay
   * @param skipDestination skip objects whose copy at the destination has the same CRC-64
   *     ({@link SkipMode#DESTINATION}); otherwise every listed object is sent (no ledger: a job resumes from its
   *     checkpoint or savepoint instead)
   * @param verify {@link VerifyMode} name
   * @param provenance record the source URI and ETag as user metadata
   * @param defaultMetadata the user's metadata settings, in {@link Descriptors#writeMetadata} form
   */
  public record Transfer(String destinationPrefix, long multipartThreshold, long partSize, int partsPerObject,
      long maxBytesInFlight, int maxAttempts, long initialBackoffMillis, long maxBackoffMillis,
      boolean skipDestination, String verify, boolean provenance, byte[] defaultMetadata) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The transfer part of {@code o}. */
    public static Transfer of(MigrationOptions o) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try {
        Descriptors.writeMetadata(o.defaultMetadata(), new DataOutputStream(b));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Transfer(o.destinationPrefix(), o.multipartThreshold(), o.partSize(), o.partsPerObject(),
          o.maxBytesInFlight(), o.maxAttempts(), o.initialBackoff().toMillis(), o.maxBackoff().toMillis(),
          o.skipMode() == SkipMode.DESTINATION, o.verify().name(), o.provenance(), b.toByteArray());
    }

    /** The engine options of one transfer on a worker. */
    public MigrationOptions options() {
      ObjectMetadata meta;
      try {
        meta = Descriptors.readMetadata(new DataInputStream(new ByteArrayInputStream(defaultMetadata)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return MigrationOptions.builder().destinationPrefix(destinationPrefix).multipartThreshold(multipartThreshold)
          .partSize(partSize).partsPerObject(partsPerObject).maxBytesInFlight(maxBytesInFlight)
          .maxAttempts(maxAttempts).initialBackoff(Duration.ofMillis(initialBackoffMillis))
          .maxBackoff(Duration.ofMillis(maxBackoffMillis))
          .skipMode(skipDestination ? SkipMode.DESTINATION : SkipMode.NONE).verify(VerifyMode.valueOf(verify))
          .provenance(provenance).defaultMetadata(meta).build();
    }
  }

  /** Builds the job's source (with its manifest, when it has one); the caller closes it. */
  public Source openSource() throws IOException {
    Source s = Plugins.source(sourceType, sourceSettings);
    if (manifest == null) {
      return s;
    }
    try {
      ManifestSource.Builder b = ManifestSource.builder(s, Path.of(manifest.file())).bucket(manifest.bucket())
          .prefix(manifest.prefix());
      if (manifest.schema() != null) {
        b.schema(manifest.schema());
      }
      return b.build();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Builds the job's sink; the caller closes it. */
  public Sink openSink() throws IOException {
    return Plugins.sink(sinkType, sinkSettings);
  }

  @Override
  public String toString() {
    return "JobSpec[" + sourceType + " -> " + sinkType + ", prefix=" + transfer.destinationPrefix()
        + ", concurrency=" + concurrency + "]";
  }
}
