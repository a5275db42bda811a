package io.github.cosmigrate.testkit.fakes;

import io.github.cosmigrate.model.ObjectInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.SourceEntry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemorySourceTest {

  @Test
  void openFaultFailsGivenTimesThenSucceeds() throws Exception {
    InMemorySource s = InMemorySource.create().put("a", new byte[] {1, 2}).failOpen("a", 2, ErrorKind.TRANSIENT);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> s.open(ObjectInfo.of("a", 0, Instant.EPOCH)).body()).isInstanceOfSatisfying(MigrateException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT));
    }
    try (InputStream in = s.open(ObjectInfo.of("a", 0, Instant.EPOCH)).body()) {
      assertThat(in.readAllBytes()).containsExactly(1, 2);
    }
    s.checkNoOpenStreams();
  }

  @Test
  void statAndListFaults() throws Exception {
    InMemorySource s = InMemorySource.create().pageSize(2)
        .put("a", new byte[1]).put("b", new byte[1]).put("c", new byte[1])
        .failStat("b", 1, ErrorKind.ACCESS_DENIED)
        .failList("c", 1, ErrorKind.THROTTLED);
    assertThatThrownBy(() -> s.stat("b")).isInstanceOfSatisfying(MigrateException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED));
    assertThat(s.stat("b").size()).isEqualTo(1);
    ListBatch first = s.list(Optional.empty());
    assertThat(first.entries()).extracting(SourceEntry::key).containsExactly("a", "b");
    assertThatThrownBy(() -> s.list(first.next())).isInstanceOfSatisfying(MigrateException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED));
    ListBatch second = s.list(first.next());
    assertThat(second.entries()).extracting(SourceEntry::key).containsExactly("c");
    assertThat(second.isLast()).isTrue();
  }

  @Test
  void unclosedStreamIsReportedAndClosedStreamIsStrict() throws Exception {
    InMemorySource s = InMemorySource.create().put("k", new byte[] {9});
    InputStream in = s.open(ObjectInfo.of("k", 0, Instant.EPOCH)).body();
    assertThatThrownBy(s::checkNoOpenStreams).isInstanceOf(AssertionError.class).hasMessageContaining("k");
    in.close();
    s.checkNoOpenStreams();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("after close");
  }

  @Test
  void injectedEntriesAreListedInKeyOrder() throws Exception {
    InMemorySource s = InMemorySource.create()
        .put("b", new byte[0])
        .putSkipped("a", "too young")
        .putFailed("c", ErrorKind.INVALID_INPUT, "bad name");
    ListBatch b = s.list(Optional.empty());
    assertThat(b.entries()).hasSize(3);
    assertThat(b.entries().get(0)).isEqualTo(new SourceEntry.Skipped("a", "too young"));
    assertThat(b.entries().get(1)).isInstanceOf(SourceEntry.Found.class);
    assertThat(b.entries().get(2)).isEqualTo(new SourceEntry.Failed("c", ErrorKind.INVALID_INPUT, "bad name"));
    assertThat(b.isLast()).isTrue();
    assertThatThrownBy(() -> s.open(ObjectInfo.of("a", 0, Instant.EPOCH)).body()).isInstanceOfSatisfying(MigrateException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
  }

  @Test
  void crc64IsReportedWhenAskedFor() throws Exception {
    byte[] content = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    InMemorySource s = InMemorySource.create().put("k", content);
    assertThat(s.stat("k").crc64()).isEmpty();
    s.reportCrc64(true);
    assertThat(s.stat("k").crc64()).hasValue(0x995DC9BBDF1939FAL);
    assertThat(((SourceEntry.Found) s.list(Optional.empty()).entries().get(0)).object().crc64())
        .hasValue(0x995DC9BBDF1939FAL);
  }

  @Test
  void replacingAnObjectKeepsOpenStreamsOnTheOldContent() throws Exception {
    InMemorySource s = InMemorySource.create().put("k", new byte[] {1, 2, 3});
    try (InputStream in = s.open(ObjectInfo.of("k", 0, Instant.EPOCH)).body()) {
      s.put("k", new byte[] {9});
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
    assertThat(s.stat("k").size()).isEqualTo(1);
  }

  @Test
  void clockDecidesModificationTime() throws Exception {
    Instant t = Instant.parse("2030-05-06T07:08:09Z");
    InMemorySource s = InMemorySource.create().clock(Clock.fixed(t, ZoneOffset.UTC)).put("k", new byte[3]);
    assertThat(s.stat("k").lastModified()).contains(t);
  }

  @Test
  void syntheticTenMillionObjectsListLazily() throws Exception {
    long count = 10_000_000;
    InMemorySource s = InMemorySource.synthetic(count, 4096);
    ListBatch first = s.list(Optional.empty());
    assertThat(first.entries()).hasSize(1000);
    assertThat(first.entries().get(0).key()).isEqualTo(InMemorySource.syntheticKey(0));
    assertThat(first.next()).contains(new ListCursor(InMemorySource.syntheticKey(999)));

    ListBatch nearEnd = s.list(Optional.of(new ListCursor(InMemorySource.syntheticKey(count - 1501))));
    assertThat(nearEnd.entries()).hasSize(1000);
    ListBatch last = s.list(nearEnd.next());
    assertThat(last.entries()).extracting(SourceEntry::key).endsWith(InMemorySource.syntheticKey(count - 1));
    assertThat(last.entries()).hasSize(500);
    assertThat(last.isLast()).isTrue();
    assertThat(s.size()).isEqualTo(count);
    assertThat(s.stat(InMemorySource.syntheticKey(123_456)).size()).isEqualTo(4096);
    assertThatThrownBy(() -> s.stat(InMemorySource.syntheticKey(count))).isInstanceOf(MigrateException.class);
  }

  @Test
  void syntheticContentIsDeterministicAndRangesAgree() throws Exception {
    InMemorySource s = InMemorySource.synthetic(10, 10_000);
    String k = InMemorySource.syntheticKey(7);
    byte[] whole;
    try (InputStream in = s.open(ObjectInfo.of(k, 0, Instant.EPOCH)).body()) {
      whole = in.readAllBytes();
    }
    assertThat(whole).hasSize(10_000);
    for (int p = 0; p < whole.length; p += 997) {
      assertThat(whole[p]).isEqualTo(InMemorySource.syntheticByte(7, p));
    }
    try (InputStream in = s.openRange(ObjectInfo.of(k, 0, Instant.EPOCH), 5000, 100)) {
      byte[] part = in.readAllBytes();
      assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(whole, 5000, 5100));
    }
    s.checkNoOpenStreams();
  }
}
