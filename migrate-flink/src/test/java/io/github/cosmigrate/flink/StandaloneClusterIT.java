package io.github.cosmigrate.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.api.MigrationReport;
import io.github.cosmigrate.api.Plugins;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.server.Dialect;
import io.github.cosmigrate.server.DialectProxy;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.server.Operation;
import io.github.cosmigrate.server.RecordedRequest;
import io.github.cosmigrate.spi.Sink;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long variant (profile {@code flink-cluster}, run by failsafe after {@code package}): a standalone Flink
 * cluster of separate processes on this machine: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and two
 * TaskManagers ({@code TaskManagerRunner}) of one slot each, started as child JVMs from Flink's own jars with nothing
 * of cos-migrate on their class path. Each test submits the shaded job jar over REST (parallelism 2: one slot on each
 * TaskManager), SIGKILLs one TaskManager process mid-run and starts a replacement; the job restores its last
 * checkpoint on the new TaskManager and finishes. The invariants of {@link FlinkMigrationTest}, counted at the COS
 * server: every object at its key with the source's CRC-64, no key stored more than twice, no more keys stored
 * twice than were stored between the restored checkpoint and the restart plus the objects in flight, no multipart
 * upload left open. Timeouts are generous: the machine may be shared and slow; nothing is timed.
 */
class StandaloneClusterIT {
  static final long MIB = 1 << 20;
  static final int PARALLELISM = 2;
  static final int CONCURRENCY = 4;
  static final String JM = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TM = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  static final List<Process> PROCESSES = new ArrayList<>();
  static final List<Process> TASK_MANAGERS = new ArrayList<>();
  static Path target;
  static Path jobJar;
  static String classpath;
  static Path conf;
  static Path logs;
  static int restPort;
  static int started;
  static ObjectStoreServer cosBackend;
  static DialectProxy cos;

  @BeforeAll
  static void startCluster(@TempDir Path dir) throws Exception {
    target = Path.of("target").toAbsolutePath();
    try (Stream<Path> s = Files.list(target)) {
      jobJar = s.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no job jar in target/: run with `verify`, which packages first"));
    }
    classpath = clusterClassPath();
    restPort = freePort();
    conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(conf.resolve("config.yaml"), String.join("\n",
        "jobmanager.rpc.address: 127.0.0.1",
        "jobmanager.rpc.port: " + freePort(),
        "jobmanager.bind-host: 127.0.0.1",
        "rest.address: 127.0.0.1",
        "rest.bind-address: 127.0.0.1",
        "rest.port: " + restPort,
        "blob.server.port: " + freePort(),
        "taskmanager.bind-host: 127.0.0.1",
        "taskmanager.host: 127.0.0.1",
        "taskmanager.rpc.port: 0",
        "taskmanager.data.port: 0",
        "taskmanager.numberOfTaskSlots: 1",
        "jobmanager.memory.heap.size: 256m",
        "jobmanager.memory.off-heap.size: 64m",
        "jobmanager.memory.jvm-metaspace.size: 160m",
        // what Flink's start script computes for a TaskManager (the runner requires it explicit)
        "taskmanager.cpu.cores: 1",
        "taskmanager.memory.task.heap.size: 160m",
        "taskmanager.memory.task.off-heap.size: 16m",
        "taskmanager.memory.framework.heap.size: 64m",
        "taskmanager.memory.framework.off-heap.size: 64m",
        "taskmanager.memory.managed.size: 16m",
        "taskmanager.memory.network.min: 16m",
        "taskmanager.memory.network.max: 16m",
        "taskmanager.memory.segment-size: 4kb",
        "taskmanager.memory.jvm-metaspace.size: 160m",
        "taskmanager.memory.jvm-overhead.min: 64m",
        "taskmanager.memory.jvm-overhead.max: 64m",
        // a loaded machine starts the RPC system and answers slowly: wait long rather than fail
        "pekko.startup-timeout: 5 min",
        "pekko.ask.timeout: 2 min",
        "pekko.lookup.timeout: 2 min",
        "pekko.tcp.timeout: 2 min",
        "taskmanager.registration.timeout: 10 min",
        "cluster.registration.max-timeout: 60 s",
        "rest.await-leader-timeout: 300000",
        "rest.connection-timeout: 300000",
        "rest.idleness-timeout: 600000",
        "rest.retry.max-attempts: 100",
        "rest.retry.delay: 2000",
        "web.timeout: 300000",
        "slot.request.timeout: 600000",
        // a SIGKILLed TaskManager is noticed by its broken connection or by a missing heartbeat
        "heartbeat.interval: 2000",
        "heartbeat.timeout: 30000",
        "heartbeat.rpc-failure-threshold: 2",
        "io.tmp.dirs: " + Files.createDirectories(dir.resolve("tmp")),
        ""));
    Files.writeString(conf.resolve("logback.xml"), "<configuration><appender name=\"F\""
        + " class=\"ch.qos.logback.core.ConsoleAppender\"><encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30}"
        + " - %msg%n</pattern></encoder></appender><logger name=\"com.qcloud\" level=\"OFF\"/>"
        + "<root level=\"INFO\"><appender-ref ref=\"F\"/></root></configuration>\n");
    logs = Files.createDirectories(target.resolve("cluster-it-logs"));

    start("jobmanager", JM);
    startTaskManager();
    startTaskManager();
    awaitTaskManagers(2);

    cosBackend = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none());
    cos = DialectProxy.start(Dialect.COS, cosBackend.endpoint());
  }

  @AfterAll
  static void stopCluster() {
    PROCESSES.forEach(Process::destroyForcibly);
    if (cos != null) {
      cos.close();
    }
    if (cosBackend != null) {
      cosBackend.close();
    }
  }

  /**
   * Flink's own jars, as Maven resolved them for this module (the {@code provided} Flink dependencies, recorded at
   * package time), with the few Flink dependencies Maven placed on the run-time list instead (the command line uses
   * them too) and a logging binding. Nothing of cos-migrate: the job's classes come from the submitted job jar.
   */
  static String clusterClassPath() throws IOException {
    List<String> cp = new ArrayList<>(List.of(Files.readString(target.resolve("classpath-flink.txt")).trim()
        .split(File.pathSeparator)));
    for (String e : Files.readString(target.resolve("classpath-runtime.txt")).trim().split(File.pathSeparator)) {
      if (e.contains("/org/slf4j/slf4j-api/") || e.contains("/org/apache/commons/commons-lang3/")
          || e.contains("/ch/qos/logback/")) {
        cp.add(e);
      }
    }
    assertThat(cp).noneMatch(e -> e.contains("/io/github/cosmigrate/") || e.contains("/target/"));
    return String.join(File.pathSeparator, cp);
  }

  @Test
  void localFolderSurvivesASigkilledTaskManager(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("src");
    Map<String, byte[]> files = new TreeMap<>();
    Random rnd = new Random(3);
    for (int i = 0; i < 1500; i++) {
      byte[] b = new byte[64 + rnd.nextInt(2000)];
      rnd.nextBytes(b);
      files.put("d" + (i % 10) + "/" + String.format("%05d", i) + ".bin", b);
    }
    for (int i = 1; i <= 2; i++) {
      byte[] b = new byte[(int) (6 * MIB)];
      rnd.nextBytes(b);
      files.put("d5/big-" + i + ".bin", b);
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    String bucket = "cluster-local-1250000000";
    cosBackend.createBucket(bucket);
    JobSpec spec = new JobSpec("local", Map.of("root", root.toString(), "page-size", "100"), null, "cos",
        sinkSettings(bucket), FlinkMigrationTest.transfer("copy/"), 0, 150, CONCURRENCY);

    runKillingATaskManager(spec, bucket, "copy/", files, dir.resolve("checkpoints"));
  }

  @Test
  void s3BucketSurvivesASigkilledTaskManager(@TempDir Path dir) throws Exception {
    try (ObjectStoreServer s3 = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none())) {
      s3.createBucket("src");
      Map<String, byte[]> files = new TreeMap<>();
      Random rnd = new Random(11);
      for (int i = 0; i < 1500; i++) {
        byte[] b = new byte[64 + rnd.nextInt(2000)];
        rnd.nextBytes(b);
        files.put("logs/" + (i % 7) + "/" + String.format("%05d", i) + ".gz", b);
      }
      byte[] big = new byte[(int) (6 * MIB)];
      rnd.nextBytes(big);
      files.put("logs/3/big.raw", big);
      files.forEach((k, v) -> s3.putObject("src", k, v));
      String bucket = "cluster-s3-1250000000";
      cosBackend.createBucket(bucket);
      Map<String, String> src = Map.of("bucket", "src", "region", "us-east-1", "endpoint", s3.endpoint().toString(),
          "path-style", "true", "access-key-id", "test", "secret-access-key", "test", "page-size", "100");
      JobSpec spec = new JobSpec("s3", src, null, "cos", sinkSettings(bucket), FlinkMigrationTest.transfer(""), 0,
          150, CONCURRENCY);

      runKillingATaskManager(spec, bucket, "", files, dir.resolve("checkpoints"));
    }
  }

  static Map<String, String> sinkSettings(String bucket) {
    return new HashMap<>(Map.of("region", "ap-guangzhou", "bucket", bucket, "endpoint", cos.endpoint().toString(),
        "path-style", "true", "secret-id", "test-id", "secret-key", "test-key", "limits", "s3"));
  }

  /**
   * Submits the job; once a quarter of the objects are stored and two checkpoints are complete, SIGKILLs the first
   * live TaskManager and starts a replacement; waits for the job's report and checks the invariants.
   */
  private static void runKillingATaskManager(JobSpec spec, String bucket, String prefix, Map<String, byte[]> files,
      Path checkpoints) throws Exception {
    Configuration client = Configuration.fromMap(Map.of(
        "execution.checkpointing.interval", "500 ms",
        "execution.checkpointing.dir", checkpoints.toUri().toString(),
        "execution.checkpointing.timeout", "10 min",
        "state.backend.type", "hashmap",
        "restart-strategy.type", "fixed-delay",
        "restart-strategy.fixed-delay.attempts", "30",
        "restart-strategy.fixed-delay.delay", "2 s",
        "client.timeout", "10 min",
        "rest.retry.max-attempts", "100",
        "rest.retry.delay", "2000"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", restPort,
        client, jobJar.toString());
    CompletableFuture<MigrationReport> job = CompletableFuture.supplyAsync(() -> {
      try {
        return FlinkMigration.run(env, spec, PARALLELISM, "standalone-cluster-it " + bucket);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    // the kill: mid-run, once two checkpoints are complete. Stores before the restored checkpoint was triggered are
    // at least those seen at the last look while the checkpoint before it was not complete yet (checkpoints run one
    // at a time: the restored one, C, started after C-1 completed).
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    Map<Integer, Integer> storesWhileBelow = new HashMap<>();
    int highest;
    int stores;
    while (true) {
      highest = FaultySinkProvider.highestCompleted(checkpoints);
      stores = stores(bucket, cos.requests());
      storesWhileBelow.put(highest, stores);
      if (stores >= files.size() / 4 && highest >= 2) {
        break;
      }
      assertThat(job).as("the job ended before the kill (%s stores)", stores).isNotDone();
      assertThat(System.nanoTime()).as("no progress: see %s", logs).isLessThan(deadline);
      Thread.sleep(100);
    }
    Process victim = TASK_MANAGERS.remove(0);
    int requestsAtKill = cos.requests().size();
    victim.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    assertThat(victim.isAlive()).isFalse();
    startTaskManager();

    MigrationReport report = job.get(20, TimeUnit.MINUTES);

    assertThat(report.failed()).as("failures: %s", report.failures()).isZero();
    assertThat(report.listingComplete()).isTrue();
    assertThat(report.migrated()).isEqualTo(files.size());
    assertThat(report.verified()).isEqualTo(files.size());
    try (Sink check = Plugins.sink("cos", sinkSettings(bucket))) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        ObjectInfo stored = check.stat(prefix + e.getKey())
            .orElseThrow(() -> new AssertionError("missing at the destination: " + prefix + e.getKey()));
        assertThat(stored.size()).as(e.getKey()).isEqualTo(e.getValue().length);
        assertThat(stored.crc64().getAsLong()).as(e.getKey()).isEqualTo(Crc64.of(e.getValue()));
      }
      assertThat(check.listMultipartUploads("")).isEmpty();
    }

    List<RecordedRequest> all = cos.requests();
    Map<String, Integer> perKey = new HashMap<>();
    for (RecordedRequest r : all) {
      if (isStore(r, bucket)) {
        perKey.merge(r.key(), 1, Integer::sum);
      }
    }
    assertThat(perKey.keySet()).hasSize(files.size());
    assertThat(perKey.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
    // the restart: the first restarted worker lists the open uploads to abort those of the failed attempt; by then
    // every task of the failed attempt has stopped
    int restartAt = requestsAtKill;
    while (restartAt < all.size() && !(all.get(restartAt).operation() == Operation.LIST_MULTIPART_UPLOADS
        && all.get(restartAt).bucket().equals(bucket))) {
      restartAt++;
    }
    assertThat(restartAt).as("no restarted worker listed the open uploads").isLessThan(all.size());
    int storesAtRestart = stores(bucket, all.subList(0, restartAt));
    // the restored checkpoint is the last complete at the kill or a later one
    int storesBeforeRestored = storesWhileBelow.getOrDefault(highest - 2, 0);
    for (Map.Entry<Integer, Integer> e : storesWhileBelow.entrySet()) {
      if (e.getKey() <= highest - 2) {
        storesBeforeRestored = Math.max(storesBeforeRestored, e.getValue());
      }
    }
    long again = perKey.values().stream().filter(n -> n > 1).count();
    System.out.printf("StandaloneClusterIT %s: %d objects; TaskManager killed after %d stores (checkpoint %d"
        + " complete), restarted after %d; %d keys stored twice (bound %d)%n", bucket, files.size(), stores, highest,
        storesAtRestart, again, storesAtRestart - storesBeforeRestored + PARALLELISM * CONCURRENCY);
    assertThat(again).as("keys stored twice (stores: %s before the restored checkpoint, %s at the kill, %s at the"
            + " restart)", storesBeforeRestored, stores, storesAtRestart)
        .isLessThanOrEqualTo(storesAtRestart - storesBeforeRestored + (long) PARALLELISM * CONCURRENCY);
  }

  private static boolean isStore(RecordedRequest r, String bucket) {
    return r.bucket().equals(bucket) && r.status() == 200
        && (r.operation() == Operation.PUT_OBJECT || r.operation() == Operation.COMPLETE_MULTIPART);
  }

  private static int stores(String bucket, List<RecordedRequest> requests) {
    return (int) requests.stream().filter(r -> isStore(r, bucket)).count();
  }

  private static void startTaskManager() throws IOException {
    TASK_MANAGERS.add(start("taskmanager-" + (++started), TM));
  }

  private static Process start(String name, String mainClass) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:MaxDirectMemorySize=256m",
        "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + conf.resolve("logback.xml"),
        // as Flink's own start scripts (env.java.opts.all)
        "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
        "-cp", classpath, mainClass, "--configDir", conf.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.redirectOutput(logs.resolve(name + ".log").toFile());
    Process p = pb.start();
    PROCESSES.add(p);
    return p;
  }

  /** Waits until the JobManager's REST API lists {@code n} registered TaskManagers. */
  private static void awaitTaskManagers(int n) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + restPort + "/taskmanagers");
    Pattern id = Pattern.compile("\"id\"\\s*:");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (true) {
      for (Process p : PROCESSES) {
        assertThat(p.isAlive()).as("a cluster process exited early: see %s", logs).isTrue();
      }
      try {
        String body = http.send(HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = id.matcher(body);
        int found = 0;
        while (m.find()) {
          found++;
        }
        if (found >= n) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      assertThat(System.nanoTime()).as("the cluster did not start: see %s", logs).isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
