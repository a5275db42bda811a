package io.github.cosmigrate.flink;

import io.github.cosmigrate.api.Plugins;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.spi.ForwardingSink;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.provider.PluginSettings;
import io.github.cosmigrate.spi.provider.SettingSpec;
import io.github.cosmigrate.spi.provider.SinkProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sink type {@code faulty-cos}: the COS sink, with one injected crash. Once armed, the first put or part upload (of a
 * part after the first) after at least {@link #crashAfterPuts} whole-object puts, and after the job has completed a
 * checkpoint triggered after that many puts (two checkpoints after the last one complete when the count was reached:
 * found as {@code chk-N/_metadata} in the checkpoint directory), throws a JVM error, which stops the transfer and
 * fails its Flink task: the job restarts from that checkpoint or a later one. Fires once per arming.
 */
public final class FaultySinkProvider implements SinkProvider {
  static final AtomicBoolean ARMED = new AtomicBoolean();
  static final AtomicBoolean FIRED = new AtomicBoolean();
  static final AtomicInteger PUTS = new AtomicInteger();
  static volatile int crashAfterPuts;
  static volatile int putsAtCrash;
  /** Puts when the first sink was built after the crash (by a restarted worker: every task of the failed attempt
   * has stopped by then), or -1. */
  static volatile int putsAtRestart;
  static volatile Path checkpoints;
  /** The highest completed checkpoint when the put count was reached, or -1 before. */
  static final AtomicInteger BASE = new AtomicInteger(-1);

  static void arm(int afterPuts, Path checkpointDir) {
    PUTS.set(0);
    FIRED.set(false);
    BASE.set(-1);
    putsAtRestart = -1;
    crashAfterPuts = afterPuts;
    checkpoints = checkpointDir;
    ARMED.set(true);
  }

  private static void maybeCrash() {
    if (!ARMED.get() || PUTS.get() < crashAfterPuts) {
      return;
    }
    int done = highestCompleted();
    BASE.compareAndSet(-1, done);
    if (done >= BASE.get() + 2 && ARMED.compareAndSet(true, false)) {
      putsAtCrash = PUTS.get();
      FIRED.set(true);
      throw new InjectedCrash();
    }
  }

  /** The highest checkpoint number with its metadata written (complete), or 0. */
  static int highestCompleted() {
    return highestCompleted(checkpoints);
  }

  /** The highest checkpoint number under {@code dir} with its metadata written (complete), or 0. */
  static int highestCompleted(Path dir) {
    int max = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir, 3)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith("chk-") && Files.exists(p.resolve("_metadata"))) {
          max = Math.max(max, Integer.parseInt(n.substring(4)));
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // a checkpoint directory removed while walking: count what was seen
    }
    return max;
  }

  /** The crash: an Error, which the core's retry rule never retries. */
  static final class InjectedCrash extends Error {
    private static final long serialVersionUID = 1L;

    InjectedCrash() {
      super("injected crash of a transfer task");
    }
  }

  @Override
  public String type() {
    return "faulty-cos";
  }

  @Override
  public String description() {
    return "the COS sink with one injected crash (tests)";
  }

  @Override
  public List<SettingSpec> settings() {
    return Plugins.sinkProvider("cos").settings();
  }

  @Override
  public Sink create(PluginSettings settings) throws IOException {
    if (FIRED.get() && putsAtRestart < 0) {
      putsAtRestart = PUTS.get();
    }
    return new ForwardingSink(Plugins.sinkProvider("cos").create(settings)) {
      @Override
      public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
        maybeCrash();
        PutResult r = super.put(key, body, length, metadata);
        PUTS.incrementAndGet();
        return r;
      }

      @Override
      public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
          throws IOException {
        if (partNumber > 1) {
          maybeCrash();
        }
        return super.uploadPart(key, uploadId, partNumber, body, length);
      }
    };
  }
}
