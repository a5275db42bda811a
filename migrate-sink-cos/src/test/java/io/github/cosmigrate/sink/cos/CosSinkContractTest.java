package io.github.cosmigrate.sink.cos;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.COSObject;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.testkit.AbstractSinkContractTest;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Sink contract for CosSink, through S3Proxy behind the COS dialect proxy; read back with raw cos_api. */
class CosSinkContractTest extends AbstractSinkContractTest {
  private static String bucket;
  private static COSClient raw;

  @BeforeAll
  static void start() throws Exception {
    bucket = CosTestServers.newBucket();
    raw = CosTestServers.rawClient(bucket);
  }

  @AfterAll
  static void stop() {
    raw.shutdown();
  }

  @Override
  protected Sink createSink() throws Exception {
    return CosSink.create(CosTestServers.config(bucket).sdkMaxRetries(1).build());
  }

  @Override
  protected byte[] readBack(String key) throws Exception {
    try (COSObject o = raw.getObject(bucket, key); InputStream in = o.getObjectContent()) {
      return in.readAllBytes();
    }
  }
}
