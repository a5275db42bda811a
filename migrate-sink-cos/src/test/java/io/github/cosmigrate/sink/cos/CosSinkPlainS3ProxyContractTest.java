package io.github.cosmigrate.sink.cos;

import com.qcloud.cos.COSClient;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.sink.cos.internal.CosClients;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.testkit.AbstractSinkContractTest;
import java.net.URI;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract against S3Proxy alone (no dialect proxy): user metadata, storage class, SSE and the CRC-64 header
 * do not come back, so this checks the kit's "undeclared" direction and CosSink's UNVERIFIABLE path.
 */
class CosSinkPlainS3ProxyContractTest extends AbstractSinkContractTest {
  static final String BUCKET = "plain-1250000000";
  static S3Proxy proxy;
  static CosSinkConfig config;
  static COSClient raw;

  @BeforeAll
  static void start() throws Exception {
    proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.NONE, null, null).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(1);
    }
    config = CosSinkConfig.builder().region("ap-guangzhou").bucket(BUCKET).credentials("AKIDtest", "secret")
        .endpoint(URI.create("http://127.0.0.1:" + proxy.getPort())).pathStyle(true).limits(SinkLimits.s3())
        .build();
    raw = CosClients.create(config);
    raw.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() throws Exception {
    raw.shutdown();
    proxy.stop();
  }

  @Override
  protected Sink createSink() {
    return CosSink.create(config);
  }

  @Override
  protected byte[] readBack(String key) throws Exception {
    try (var o = raw.getObject(BUCKET, key); var in = o.getObjectContent()) {
      return in.readAllBytes();
    }
  }

  @Override
  protected boolean storesUserMetadata() {
    return false;
  }

  @Override
  protected boolean storesStorageClass() {
    return false;
  }

  @Override
  protected boolean storesServerSideEncryption() {
    return false;
  }

  @Override
  protected boolean reportsCrc64() {
    return false;
  }
}
