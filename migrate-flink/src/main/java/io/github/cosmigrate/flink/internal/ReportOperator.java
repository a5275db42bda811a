package io.github.cosmigrate.flink.internal;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Merges every object result into the job's {@link Tally} (run with parallelism 1), keeps it in the operator's
 * checkpointed state (so a restore counts each object once: results after the checkpoint are counted again when
 * their objects are), and emits it, serialized, once all input has ended ({@link Tally#finished()}); with a
 * progress interval, also the tally so far at most once per interval while results arrive (for progress lines:
 * after a restore, the counts go back to the restored checkpoint's).
 */
public final class ReportOperator extends AbstractStreamOperator<byte[]>
    implements OneInputStreamOperator<ObjectResult, byte[]>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final long progressMillis;
  private transient ListState<byte[]> state;
  private transient Tally tally;
  private transient long lastProgress;

  /** @param progressMillis emit the tally so far at most this often (0: only at the end) */
  public ReportOperator(long progressMillis) {
    this.progressMillis = progressMillis;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    state = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("cos-migrate-report", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    tally = new Tally();
    for (byte[] b : state.get()) {
      tally = Tally.fromBytes(b);
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    state.update(java.util.List.of(tally.toBytes()));
  }

  @Override
  public void processElement(StreamRecord<ObjectResult> element) {
    tally.add(element.getValue());
    if (progressMillis > 0) {
      long now = System.nanoTime();
      if (lastProgress == 0) {
        lastProgress = now;
      } else if (now - lastProgress >= progressMillis * 1_000_000L) {
        lastProgress = now;
        output.collect(new StreamRecord<>(tally.toBytes()));
      }
    }
  }

  @Override
  public void endInput() {
    tally.finish();
    output.collect(new StreamRecord<>(tally.toBytes()));
  }
}
