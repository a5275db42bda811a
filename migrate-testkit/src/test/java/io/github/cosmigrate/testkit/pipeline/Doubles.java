package io.github.cosmigrate.testkit.pipeline;

import io.github.cosmigrate.model.ListBatch;
import io.github.cosmigrate.model.ListCursor;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.SourceRead;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.spi.Sink;
import io.github.cosmigrate.spi.Source;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Small delegating doubles the engine tests need on top of the strict in-memory fakes. */
final class Doubles {
  private Doubles() {}

  /** Hooks called before a delegated call; may block or throw. */
  interface Hook {
    void before(String key, int partNumber) throws IOException;
  }

  /** A source without RangeReader (the engine then reads parts sequentially from one stream). */
  static class PlainSource implements Source {
    final Source d;
    volatile Hook onOpen = (k, n) -> {};

    PlainSource(Source d) {
      this.d = d;
    }

    @Override public String describe() { return d.describe(); }
    @Override public ListBatch list(Optional<ListCursor> after) throws IOException { return d.list(after); }
    @Override public ObjectInfo stat(String key) throws IOException { return d.stat(key); }

    @Override
    public SourceRead open(ObjectInfo object) throws IOException {
      onOpen.before(object.key(), 0);
      return d.open(object);
    }

    @Override public void close() throws IOException { d.close(); }
  }

  /** A sink that delegates and lets a test gate or observe puts and parts. */
  static final class HookedSink implements Sink {
    final Sink d;
    volatile Hook beforePut = (k, n) -> {};
    volatile Hook beforePart = (k, n) -> {};
    volatile Hook afterPart = (k, n) -> {};

    HookedSink(Sink d) {
      this.d = d;
    }

    @Override public String describe() { return d.describe(); }
    @Override public SinkLimits limits() { return d.limits(); }
    @Override public Optional<ObjectInfo> stat(String key) throws IOException { return d.stat(key); }

    @Override
    public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
      beforePut.before(key, 0);
      return d.put(key, body, length, metadata);
    }

    @Override
    public String initiateMultipart(String key, ObjectMetadata metadata) throws IOException {
      return d.initiateMultipart(key, metadata);
    }

    @Override
    public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
        throws IOException {
      beforePart.before(key, partNumber);
      PartResult r = d.uploadPart(key, uploadId, partNumber, body, length);
      afterPart.before(key, partNumber);
      return r;
    }

    @Override
    public List<UploadedPart> listParts(String key, String uploadId) throws IOException {
      return d.listParts(key, uploadId);
    }

    @Override
    public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) throws IOException {
      return d.completeMultipart(key, uploadId, parts);
    }

    @Override public void abortMultipart(String key, String uploadId) throws IOException { d.abortMultipart(key, uploadId); }
    @Override public List<MultipartUpload> listMultipartUploads(String prefix) throws IOException { return d.listMultipartUploads(prefix); }
    @Override public void delete(String key) throws IOException { d.delete(key); }
    @Override public void close() throws IOException { d.close(); }
  }
}
