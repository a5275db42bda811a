package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.flink.JobSpec;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The job's listing as a bounded FLIP-27 source: a {@link ListingEnumerator} on the JobManager lists the job's
 * source into page splits, {@link ListingReader}s on the workers emit their pages' entries.
 */
public final class ListingSource implements Source<Listed, PageSplit, ListingCheckpoint> {
  private static final long serialVersionUID = 1L;

  private final JobSpec spec;

  public ListingSource(JobSpec spec) {
    this.spec = spec;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SplitEnumerator<PageSplit, ListingCheckpoint> createEnumerator(SplitEnumeratorContext<PageSplit> ctx) {
    return new ListingEnumerator(ctx, spec, null);
  }

  @Override
  public SplitEnumerator<PageSplit, ListingCheckpoint> restoreEnumerator(SplitEnumeratorContext<PageSplit> ctx,
      ListingCheckpoint state) {
    return new ListingEnumerator(ctx, spec, state);
  }

  @Override
  public SimpleVersionedSerializer<PageSplit> getSplitSerializer() {
    return new SplitSerializers.Splits();
  }

  @Override
  public SimpleVersionedSerializer<ListingCheckpoint> getEnumeratorCheckpointSerializer() {
    return new SplitSerializers.Checkpoints();
  }

  @Override
  public SourceReader<Listed, PageSplit> createReader(SourceReaderContext ctx) {
    return new ListingReader(ctx);
  }
}
