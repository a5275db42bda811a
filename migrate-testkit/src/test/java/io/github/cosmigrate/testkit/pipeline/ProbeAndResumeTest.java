package io.github.cosmigrate.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.cosmigrate.api.Migration;
import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Migrator;
import io.github.cosmigrate.error.ConfigurationException;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.spi.ForwardingSink;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.capability.Probe;
import io.github.cosmigrate.testkit.fakes.InMemoryLedger;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The engine probes the sink before the first transfer (a configuration error stops the run with nothing sent; any
 * other probe failure is a warning), and a resume that finds fewer stored parts than its checkpoint says so.
 */
class ProbeAndResumeTest {
  private static final int MIB = 1 << 20;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final long SAFETY_SECONDS = 60; // a hang guard, not a timing assertion

  private final InMemorySource source = InMemorySource.create();
  private final InMemorySink memorySink = new InMemorySink();
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger pipelineLog = (Logger) LoggerFactory.getLogger("io.github.cosmigrate.pipeline");

  @BeforeEach
  void capture() {
    logged.start();
    pipelineLog.addAppender(logged);
  }

  @AfterEach
  void release() {
    pipelineLog.detachAppender(logged);
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static MigrationOptions options() {
    return MigrationOptions.builder().concurrency(4).partConcurrency(4).partsPerObject(1).partSize(MIB)
        .multipartThreshold(2L * MIB).maxAttempts(3).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5)).progressInterval(Duration.ofMillis(50)).build();
  }

  private Migration start(Sink sink) {
    return Migrator.builder().source(source).sink(sink).ledger(ledger).options(options()).build().start();
  }

  private List<String> warnings() {
    return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** A sink with a probe, wrapped once more: a decorator does not hide the capability. */
  static final class ProbedSink extends ForwardingSink implements Probe {
    final AtomicInteger probes = new AtomicInteger();
    final IOException failure;

    ProbedSink(Sink d, IOException failure) {
      super(d);
      this.failure = failure;
    }

    @Override
    public void probe() throws IOException {
      probes.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static Sink wrapped(Sink s) {
    return new ForwardingSink(s) {};
  }

  @Test
  void aConfigurationErrorOfTheProbeStopsTheRunBeforeAnyTransfer() {
    for (int i = 0; i < 3; i++) {
      source.put("f" + i, bytes(100, i), T0);
    }
    ConfigurationException wrong = new ConfigurationException("sink 'cos'", List.of("endpoint"), "cannot reach",
        null);
    ProbedSink probed = new ProbedSink(memorySink, wrong);

    Migration m = start(wrapped(probed));

    assertThatThrownBy(() -> m.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isSameAs(wrong);
    assertThat(probed.probes).hasValue(1);
    assertThat(memorySink.calls(InMemorySink.Op.PUT)).isZero();
    assertThat(memorySink.calls(InMemorySink.Op.STAT)).isZero();
    assertThat(memorySink.keys()).isEmpty();
    assertThat(ledger.checkpoints()).isEmpty();
  }

  @Test
  void aProbeFailureThatProvesNothingIsAWarningAndTheRunGoesOn() throws Exception {
    for (int i = 0; i < 3; i++) {
      source.put("f" + i, bytes(100, i), T0);
    }
    ProbedSink probed = new ProbedSink(memorySink, new MigrateException(ErrorKind.THROTTLED, "503 SlowDown"));

    MigrationReport r = start(wrapped(probed)).completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);

    assertThat(r.success()).isTrue();
    assertThat(r.migrated()).isEqualTo(3);
    assertThat(probed.probes).hasValue(1);
    assertThat(warnings()).singleElement().asString().contains("could not check the sink", "503 SlowDown");
  }

  @Test
  void aResumeThatFindsFewerStoredPartsThanItsCheckpointWarnsWithTheCount() throws Exception {
    byte[] big = bytes(4 * MIB, 7);
    source.put("big", big, T0);
    Doubles.HookedSink hooked = new Doubles.HookedSink(memorySink);
    CountDownLatch thirdPart = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    hooked.beforePart = (k, n) -> {
      if (n == 3) {
        thirdPart.countDown();
        try {
          never.await(); // interrupted by cancel
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("cancelled");
        }
      }
    };
    Migration first = start(hooked);
    assertThat(thirdPart.await(SAFETY_SECONDS, TimeUnit.SECONDS)).isTrue();
    first.cancel();
    assertThatThrownBy(() -> first.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThat(ledger.checkpoints()).singleElement().satisfies(cp -> assertThat(cp.parts()).hasSize(2));
    assertThat(warnings()).isEmpty();

    // the service lost part 1 (or its ListParts answer lacks it): the rerun says so and sends it again
    Sink forgetful = new ForwardingSink(memorySink) {
      @Override
      public List<UploadedPart> listParts(String key, String uploadId) throws IOException {
        return super.listParts(key, uploadId).stream().filter(p -> p.partNumber() != 1).toList();
      }
    };
    long partsBefore = memorySink.calls(InMemorySink.Op.UPLOAD_PART);
    MigrationReport r = start(forgetful).completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);

    assertThat(r.success()).isTrue();
    assertThat(memorySink.content("big")).hasValue(big);
    assertThat(memorySink.calls(InMemorySink.Op.UPLOAD_PART) - partsBefore).isEqualTo(3); // parts 1, 3 and 4
    assertThat(warnings()).singleElement().asString().contains("'big'", "lists 1 of the 2 part(s)",
        "1 missing or different");
    memorySink.checkNoOpenUploads();
  }

  @Test
  void aResumeWhoseUploadIsGoneWarnsWithTheRecordedCount() throws Exception {
    byte[] big = bytes(3 * MIB, 9);
    source.put("big", big, T0);
    Doubles.HookedSink hooked = new Doubles.HookedSink(memorySink);
    CountDownLatch secondPart = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    hooked.beforePart = (k, n) -> {
      if (n == 2) {
        secondPart.countDown();
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("cancelled");
        }
      }
    };
    Migration first = start(hooked);
    assertThat(secondPart.await(SAFETY_SECONDS, TimeUnit.SECONDS)).isTrue();
    first.cancel();
    assertThatThrownBy(() -> first.completion().get(SAFETY_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    String uploadId = ledger.checkpoints().get(0).uploadId();
    memorySink.abortMultipart("big", uploadId); // the upload expired on the service

    MigrationReport r = start(memorySink).completion().get(SAFETY_SECONDS, TimeUnit.SECONDS);

    assertThat(r.success()).isTrue();
    assertThat(memorySink.content("big")).hasValue(big);
    assertThat(warnings()).singleElement().asString().contains("'big'", uploadId, "recorded 1 stored part(s)");
  }
}
