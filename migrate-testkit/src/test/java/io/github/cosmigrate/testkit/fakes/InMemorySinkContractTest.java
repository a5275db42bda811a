package io.github.cosmigrate.testkit.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.testkit.AbstractSinkContractTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySinkContractTest extends AbstractSinkContractTest {

  private InMemorySink memory;

  @Override
  protected Sink createSink() {
    // small limits keep the kit's multipart case light; 850-byte keys like COS
    memory = new InMemorySink(new SinkLimits(64 * 1024, 1 << 20, 100, 1L << 30, 1 << 20, 850));
    return memory;
  }

  @Override
  protected byte[] readBack(String key) {
    return memory.content(key).orElseThrow();
  }

  @Override
  protected void afterEachTest(Sink sink) {
    ((InMemorySink) sink).checkNoOpenUploads();
  }

  // ---- the fake's own strictness

  @Test
  void checkNoOpenUploadsNamesTheLeak() throws Exception {
    String id = memory.initiateMultipart(prefix + "leak", ObjectMetadata.empty());
    assertThatThrownBy(memory::checkNoOpenUploads).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(prefix + "leak").hasMessageContaining(id);
    memory.abortMultipart(prefix + "leak", id);
    memory.checkNoOpenUploads();
  }

  @Test
  void partsAboveMaxPartSizeAndShortBodiesAreRejected() throws Exception {
    String key = prefix + "strict";
    String id = initiate(key, ObjectMetadata.empty());
    long tooBig = memory.limits().maxPartSize() + 1;
    assertThatThrownBy(() -> memory.uploadPart(key, id, 1, new ByteArrayInputStream(new byte[0]), tooBig))
        .isInstanceOfSatisfying(MigrateException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    assertThatThrownBy(() -> memory.uploadPart(key, id, 1, new ByteArrayInputStream(new byte[5]), 10))
        .isInstanceOfSatisfying(MigrateException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_CHANGED));
    assertThatThrownBy(() -> memory.uploadPart(key, "no-such-upload", 1, new ByteArrayInputStream(new byte[1]), 1))
        .isInstanceOfSatisfying(MigrateException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    assertThat(memory.listParts(key, id)).isEmpty();
  }

  @Test
  void completeRejectsAPartWhoseCrcDiffersFromTheStoredOne() throws Exception {
    String key = prefix + "crc";
    String id = initiate(key, ObjectMetadata.empty());
    PartResult p = part(key, id, 1, bytes(100, 1));
    PartResult forged = new PartResult(1, p.size(), p.etag(), p.crc64() ^ 1, p.verification());
    assertThatThrownBy(() -> memory.completeMultipart(key, id, List.of(forged)))
        .isInstanceOfSatisfying(MigrateException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTEGRITY_MISMATCH));
  }

  @Test
  void failNextThrowsTheGivenErrorThenRecovers() throws Exception {
    MigrateException slow = new MigrateException(ErrorKind.THROTTLED, "slow down");
    memory.failNext(2, InMemorySink.Op.PUT, k -> k.endsWith("x"), slow);
    assertThatThrownBy(() -> put(prefix + "x", new byte[1], ObjectMetadata.empty())).isSameAs(slow);
    put(prefix + "y", new byte[1], ObjectMetadata.empty());
    assertThatThrownBy(() -> put(prefix + "x", new byte[1], ObjectMetadata.empty())).isSameAs(slow);
    put(prefix + "x", new byte[1], ObjectMetadata.empty());
    assertThat(memory.calls(InMemorySink.Op.PUT)).isEqualTo(4);
    assertThat(memory.keys()).containsExactly(prefix + "x", prefix + "y");
  }

  @Test
  void closedSinkRefusesCalls() throws IOException {
    memory.close();
    assertThatThrownBy(() -> memory.stat(prefix + "a")).isInstanceOf(IllegalStateException.class);
  }
}
