package io.github.cosmigrate.testkit.fakes;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sink that reads and checksums every byte it is given, then forgets it: for runs that measure the engine alone
 * (bounded-heap runs, throughput of the pipeline without a server). It keeps no per-object state, so its memory
 * does not grow with the number of objects. Every result is {@link Verification#UNVERIFIABLE}; it holds nothing,
 * so {@link #stat} is always empty and it lists no parts or uploads. Thread-safe.
 */
public final class DiscardingSink implements Sink {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong puts = new AtomicLong();

  /** Bytes read from put and part bodies so far. */
  public long bytes() {
    return bytes.get();
  }

  /** Single puts so far. */
  public long puts() {
    return puts.get();
  }

  @Override public String describe() { return "discard:"; }
  @Override public SinkLimits limits() { return SinkLimits.cos(); }
  @Override public Optional<ObjectInfo> stat(String key) { return Optional.empty(); }

  @Override
  public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
    puts.incrementAndGet();
    return new PutResult("d", drain(body, length), Verification.UNVERIFIABLE, Optional.empty());
  }

  private long drain(InputStream in, long length) throws IOException {
    Crc64 crc = new Crc64();
    byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(1, length))];
    long left = length;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("short body: expected " + length + " bytes, got " + (length - left));
      }
      crc.update(buf, 0, n);
      left -= n;
    }
    bytes.addAndGet(length);
    return crc.getValue();
  }

  @Override public String initiateMultipart(String key, ObjectMetadata metadata) { return "u-" + key; }

  @Override
  public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
      throws IOException {
    return new PartResult(partNumber, length, "p", drain(body, length), Verification.UNVERIFIABLE);
  }

  @Override public List<UploadedPart> listParts(String key, String uploadId) { return List.of(); }

  @Override
  public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) {
    return new PutResult("m", 0, Verification.UNVERIFIABLE, Optional.empty());
  }

  @Override public void abortMultipart(String key, String uploadId) {}
  @Override public List<MultipartUpload> listMultipartUploads(String prefix) { return List.of(); }
  @Override public void delete(String key) {}
  @Override public void close() {}
}
