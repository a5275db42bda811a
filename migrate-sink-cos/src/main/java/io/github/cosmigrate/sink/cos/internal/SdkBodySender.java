package io.github.cosmigrate.sink.cos.internal;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.PutObjectResult;
import com.qcloud.cos.model.UploadPartRequest;
import com.qcloud.cos.model.UploadPartResult;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import java.io.InputStream;

/**
 * Puts and parts through cos_api's {@code putObject} and {@code uploadPart} ({@link CosSinkConfig#directPuts()}
 * false). The body stream is not resettable, so cos_api never retries it ({@link CosClients}' retry policy).
 * {@link #close()} does nothing: the client belongs to the sink.
 */
final class SdkBodySender implements BodySender {
  private final CosSinkConfig config;
  private final COSClient cos;

  SdkBodySender(CosSinkConfig config, COSClient cos) {
    this.config = config;
    this.cos = cos;
  }

  @Override
  public Stored put(String key, com.qcloud.cos.model.ObjectMetadata metadata, InputStream body, long length) {
    PutObjectRequest put = new PutObjectRequest(config.bucket(), key, body, metadata);
    if (config.trafficLimit() > 0) {
      put.setTrafficLimit((int) config.trafficLimit());
    }
    PutObjectResult r = cos.putObject(put);
    return new Stored(r.getETag(), r.getCrc64Ecma(), r.getVersionId());
  }

  @Override
  public Stored uploadPart(String key, String uploadId, int partNumber, InputStream body, long length) {
    UploadPartRequest req = new UploadPartRequest();
    req.setBucketName(config.bucket());
    req.setKey(key);
    req.setUploadId(uploadId);
    req.setPartNumber(partNumber);
    req.setPartSize(length);
    req.setInputStream(body);
    if (config.trafficLimit() > 0) {
      req.setTrafficLimit((int) config.trafficLimit());
    }
    UploadPartResult r = cos.uploadPart(req);
    return new Stored(r.getETag(), r.getCrc64Ecma(), null); // cos_api's UploadPartResult has no version id
  }

  @Override
  public void close() {
    // the client is the sink's
  }
}
