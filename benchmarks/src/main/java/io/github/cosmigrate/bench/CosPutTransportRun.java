package io.github.cosmigrate.bench;

import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.server.ObjectStoreServer;
import io.github.cosmigrate.sink.cos.CosSink;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * What a small put costs the client's CPU on two transports, against the same loopback server (S3Proxy in memory,
 * in this process): {@code sdk}, the sink's put through cos_api ({@code COSClient.putObject} on its Apache
 * HttpClient 4 with the full execution chain: redirect, retry, protocol interceptors); {@code minimal}, the same
 * PUT signed by cos_api's own {@code COSSigner} and sent on Apache HttpClient 4's minimal client (no redirect,
 * retry, cookie or URI-rewriting stages), reading the same response headers. Only the client threads' CPU is
 * counted ({@link ThreadMXBean#getCurrentThreadCpuTime()}), after a warm-up; the server's is not. It measures
 * whether a leaner COS transport is worth building (issue 11, dataset S). cos_api's client-side MD5 of put bodies is
 * off, as in the command line. The {@code minimal} loop is a
 * measurement, not a sink: no error mapping, no verification beyond reading the headers.
 *
 * <pre>java -XX:TieredStopAtLevel=1 -cp ... io.github.cosmigrate.bench.CosPutTransportRun [puts] [size] [threads]</pre>
 */
public final class CosPutTransportRun {
  private CosPutTransportRun() {}

  public static void main(String[] args) throws Exception {
    int puts = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    // as the command line does: no second hash (cos_api's MD5) of what CRC-64 verifies end to end
    System.setProperty("com.Qcloud.services.cos.disablePutObjectMD5Validation", "true");
    byte[] body = new byte[size];
    new Random(1).nextBytes(body);
    try (ObjectStoreServer store = ObjectStoreServer.startInMemory(ObjectStoreServer.Auth.none())) {
      String bucket = "bench-1250000000";
      store.createBucket(bucket);
      URI endpoint = store.endpoint();
      CosSinkConfig.Builder cfg = CosSinkConfig.builder().region("ap-guangzhou").bucket(bucket)
          .credentials("AKIDbenchId123", "bench-secret-key-0123456789").endpoint(endpoint).pathStyle(true)
          .limits(SinkLimits.s3()).maxConnections(threads * 2);
      COSCredentials creds = new BasicCOSCredentials("AKIDbenchId123", "bench-secret-key-0123456789");
      PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
      pool.setMaxTotal(threads * 2);
      pool.setDefaultMaxPerRoute(threads * 2);
      try (CosSink sink = CosSink.create(cfg.directPuts(false).build());
          CosSink direct = CosSink.create(cfg.directPuts(true).build());
          CloseableHttpClient minimal = HttpClients.createMinimal(pool)) {
        String base = endpoint.toString().replaceAll("/$", "") + "/" + bucket + "/";
        String host = endpoint.getAuthority();
        COSSigner signer = new COSSigner();
        Put sdk = key -> sink.put(key, new ByteArrayInputStream(body), body.length, ObjectMetadata.empty()).etag();
        Put own = key -> direct.put(key, new ByteArrayInputStream(body), body.length, ObjectMetadata.empty()).etag();
        Put lean = key -> {
          HttpPut put = new HttpPut(base + key);
          Map<String, String> headers = new TreeMap<>();
          headers.put("Host", host);
          headers.put("Content-Length", Integer.toString(body.length));
          headers.put("Content-Type", "application/octet-stream");
          Date expires = new Date(System.currentTimeMillis() + 900_000);
          put.setHeader("Authorization", signer.buildAuthorizationStr(HttpMethodName.PUT, "/" + bucket + "/" + key,
              headers, Map.of(), creds, expires));
          put.setHeader("Content-Type", "application/octet-stream");
          put.setHeader("User-Agent", "cos-migrate");
          put.setEntity(new ByteArrayEntity(body));
          HttpResponse r = minimal.execute(put);
          try {
            if (r.getStatusLine().getStatusCode() != 200) {
              throw new IllegalStateException("PUT " + key + ": " + r.getStatusLine());
            }
            String crc = r.getFirstHeader("ETag") == null ? "" : r.getFirstHeader("ETag").getValue();
            return crc + (r.getFirstHeader("x-cos-hash-crc64ecma") == null ? "" : "crc");
          } finally {
            EntityUtils.consumeQuietly(r.getEntity());
          }
        };
        for (int round = 1; round <= 3; round++) {
          for (String name : List.of("sdk", "direct", "minimal")) {
            Put p = name.equals("sdk") ? sdk : name.equals("direct") ? own : lean;
            run(p, "warm-" + name + round, puts / 5, threads); // warm-up of this round
            long cpuNanos = run(p, name + round, puts, threads);
            System.out.printf("round %d %-8s %,d puts of %,d B on %d threads: %.1f us client CPU per put%n", round,
                name, puts, size, threads, cpuNanos / 1000.0 / puts);
          }
        }
      }
    }
  }

  /** Runs {@code puts} puts on {@code threads} threads; returns the CPU nanoseconds those threads used. */
  private static long run(Put put, String prefix, int puts, int threads) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        Callable<Long> work = () -> {
          long start = mx.getCurrentThreadCpuTime();
          for (int i = first; i < puts; i += threads) {
            put.put(prefix + "/k" + i);
          }
          return mx.getCurrentThreadCpuTime() - start;
        };
        done.add(pool.submit(work));
      }
      long total = 0;
      for (Future<Long> f : done) {
        total += f.get();
      }
      return total;
    } finally {
      pool.shutdown();
    }
  }

  private interface Put {
    String put(String key) throws Exception;
  }
}
