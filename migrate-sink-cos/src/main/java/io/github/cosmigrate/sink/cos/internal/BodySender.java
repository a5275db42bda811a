package io.github.cosmigrate.sink.cos.internal;

import io.github.cosmigrate.sink.cos.CosSinkConfig;
import java.io.Closeable;
import java.io.InputStream;

/**
 * Sends the two requests of the COS sink that carry a body, PUT Object and Upload Part, and returns what COS
 * answered. Failures are cos_api's exceptions ({@code CosServiceException}, {@code CosClientException}), for
 * {@link CosErrors} to map. Never retries a body. Thread-safe.
 */
public interface BodySender extends Closeable {
  /** What COS answered to a put or part: its ETag (as sent, quoted or not), CRC-64 and version, each maybe null. */
  record Stored(String etag, String crc64, String versionId) {}

  /** PUT Object: exactly {@code length} bytes of {@code body} to {@code key}, with {@code metadata}'s headers. */
  Stored put(String key, com.qcloud.cos.model.ObjectMetadata metadata, InputStream body, long length);

  /** Upload Part: exactly {@code length} bytes of {@code body} as part {@code partNumber} of {@code uploadId}. */
  Stored uploadPart(String key, String uploadId, int partNumber, InputStream body, long length);

  /** The sender {@code config} asks for ({@link CosSinkConfig#directPuts()}), on {@code client}. Does no I/O. */
  static BodySender create(CosSinkConfig config, CosClients.SinkClient client) {
    return config.directPuts() ? PutExchange.create(config, client) : new SdkBodySender(config, client);
  }
}
