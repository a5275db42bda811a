package io.github.cosmigrate.benchmarks;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import io.github.cosmigrate.sink.cos.internal.CosClients;
import java.net.URI;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one request signature (the {@code Authorization} of a put with the headers the sink sends): cos_api's
 * {@link COSSigner} against the signer the COS sink installs in its client (the same algorithm and output, with
 * reused HMAC instances and the signing key derived once per second and secret). Single thread.
 *
 * <h2>HOW TO RUN</h2>
 * <pre>
 *   mvn -B -o -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar SignerBench -f 1 -wi 3 -i 5 -w 1 -r 1
 *   java -jar benchmarks/target/benchmarks.jar SignerBench -f 1 -wi 3 -i 5 -w 1 -r 1 -jvmArgsAppend -XX:TieredStopAtLevel=1
 * </pre>
 * Results are average microseconds per signature (lower is better); the second line runs it under C1 only, as the
 * launcher does for plain-http endpoints.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SignerBench {
  private final COSSigner cosApi = new COSSigner();
  private final COSCredentials credentials = new BasicCOSCredentials("AKIDbench0123456789", "bench-secret-key");
  private final Map<String, String> headers = new HashMap<>();
  private COSClient client;
  private COSSigner sink;
  private Date expires;

  @Setup
  public void setUp() {
    client = CosClients.create(CosSinkConfig.builder().region("ap-guangzhou").bucket("bench-1250000000")
        .credentials("AKIDbench0123456789", "bench-secret-key").endpoint(URI.create("http://127.0.0.1:9"))
        .pathStyle(true).build());
    sink = client.getClientConfig().getCosSigner();
    headers.put("Host", "127.0.0.1:9");
    headers.put("User-Agent", "cos-migrate");
    headers.put("Content-Length", "4096");
    headers.put("Content-Type", "text/plain");
    headers.put("x-cos-meta-origin", "bench");
    expires = new Date(System.currentTimeMillis() + 3_600_000);
  }

  @TearDown
  public void tearDown() {
    client.shutdown();
  }

  @Benchmark
  public String cosApi() {
    return cosApi.buildAuthorizationStr(HttpMethodName.PUT, "/bench-1250000000/dir/file-0001.bin", headers,
        Map.of(), credentials, new Date(), expires, true);
  }

  @Benchmark
  public String sinkSigner() {
    return sink.buildAuthorizationStr(HttpMethodName.PUT, "/bench-1250000000/dir/file-0001.bin", headers,
        Map.of(), credentials, new Date(), expires, true);
  }
}
