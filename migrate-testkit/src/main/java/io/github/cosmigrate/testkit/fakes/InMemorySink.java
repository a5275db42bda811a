package io.github.cosmigrate.testkit.fakes;

import io.github.cosmigrate.api.Crc64;
import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.error.MigrateException;
import io.github.cosmigrate.model.MultipartUpload;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.PartResult;
import io.github.cosmigrate.model.PutResult;
import io.github.cosmigrate.model.SinkLimits;
import io.github.cosmigrate.model.UploadedPart;
import io.github.cosmigrate.model.Verification;
import io.github.cosmigrate.spi.Sink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * A strict in-memory {@link Sink} for tests, modelled on a real object store:
 * <ul>
 *   <li>keys longer than {@link SinkLimits#maxKeyLength()} UTF-8 bytes, puts above
 *       {@link SinkLimits#maxSinglePutSize()}, parts above {@link SinkLimits#maxPartSize()} or numbered above
 *       {@link SinkLimits#maxParts()}, and completions with a non-last part below {@link SinkLimits#minPartSize()}
 *       fail with {@code INVALID_INPUT};</li>
 *   <li>completing with a part whose ETag or CRC-64 differs from what is stored fails ({@code INVALID_INPUT} /
 *       {@code INTEGRITY_MISMATCH}); unknown uploads are {@code NOT_FOUND};</li>
 *   <li>it computes CRC-64/XZ of everything it stores and reports it, so results are {@code VERIFIED};</li>
 *   <li>reads exactly {@code length} bytes and never closes the caller's stream; a short body fails with
 *       {@code SOURCE_CHANGED} and stores nothing;</li>
 *   <li>{@link #checkNoOpenUploads()} for an {@code @AfterEach}; after {@link #close()} every call fails.</li>
 * </ul>
 * Faults: {@link #failNext} makes the next matching calls throw a given exception before doing anything.
 * Thread-safe.
 */
public final class InMemorySink implements Sink {

  /** The operations, for {@link #failNext} and {@link #calls}. */
  public enum Op { STAT, PUT, INITIATE, UPLOAD_PART, LIST_PARTS, COMPLETE, ABORT, LIST_UPLOADS, DELETE }

  private record Stored(byte[] data, ObjectMetadata metadata, String etag, long crc64, Instant lastModified) {}

  private record Part(byte[] data, String etag, long crc64) {}

  private record Upload(String key, ObjectMetadata metadata, Instant initiated,
      ConcurrentSkipListMap<Integer, Part> parts) {}

  private record Fault(Op op, BiPredicate<Op, String> matches, IOException error, AtomicLong remaining) {}

  private final String name;
  private final SinkLimits limits;
  private final Clock clock;
  private final ConcurrentHashMap<String, Stored> objects = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Upload> uploads = new ConcurrentHashMap<>();
  private final List<Fault> faults = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<Op, AtomicLong> calls = new EnumMap<>(Op.class);
  private volatile boolean closed;

  /** A sink named {@code memory} with COS limits. */
  public InMemorySink() {
    this("memory", SinkLimits.cos(), Clock.systemUTC());
  }

  /** A sink with the given limits. */
  public InMemorySink(SinkLimits limits) {
    this("memory", limits, Clock.systemUTC());
  }

  /** A sink with a name (for {@link #describe()}), limits and a clock for modification times. */
  public InMemorySink(String name, SinkLimits limits, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    for (Op op : Op.values()) {
      calls.put(op, new AtomicLong());
    }
  }

  // ------------------------------------------------------------------ test helpers

  /**
   * Makes the next {@code times} calls of {@code op} whose key matches {@code keyMatches} throw {@code error}
   * (checked in the order faults were added). For LIST_UPLOADS the "key" is the prefix.
   */
  public void failNext(int times, Op op, java.util.function.Predicate<String> keyMatches, IOException error) {
    faults.add(new Fault(op, (o, k) -> o == op && keyMatches.test(k), error, new AtomicLong(times)));
  }

  /** Makes the next {@code times} calls of {@code op} throw {@code error}. */
  public void failNext(int times, Op op, IOException error) {
    failNext(times, op, k -> true, error);
  }

  /** How many calls of {@code op} were made (including failed ones). */
  public long calls(Op op) {
    return calls.get(op).get();
  }

  /** The stored bytes under {@code key}, if any. */
  public Optional<byte[]> content(String key) {
    Stored s = objects.get(key);
    return s == null ? Optional.empty() : Optional.of(s.data.clone());
  }

  /** All stored keys, sorted. */
  public Set<String> keys() {
    return new TreeSet<>(objects.keySet());
  }

  /** Number of multipart uploads in progress. */
  public int openUploads() {
    return uploads.size();
  }

  /** Throws IllegalStateException naming every multipart upload still in progress. */
  public void checkNoOpenUploads() {
    if (!uploads.isEmpty()) {
      StringBuilder sb = new StringBuilder("multipart uploads left open in " + name + ":");
      uploads.forEach((id, u) -> sb.append(' ').append(u.key).append(" (").append(id).append(", ")
          .append(u.parts.size()).append(" parts)"));
      throw new IllegalStateException(sb.toString());
    }
  }

  // ------------------------------------------------------------------ Sink

  @Override
  public String describe() {
    return "memory:" + name;
  }

  @Override
  public SinkLimits limits() {
    return limits;
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    enter(Op.STAT, key);
    checkKey(key);
    Stored s = objects.get(key);
    if (s == null) {
      return Optional.empty();
    }
    return Optional.of(new ObjectInfo(key, s.data.length, Optional.of(s.lastModified), Optional.of(s.etag),
        OptionalLong.of(s.crc64), s.metadata));
  }

  @Override
  public PutResult put(String key, InputStream body, long length, ObjectMetadata metadata) throws IOException {
    enter(Op.PUT, key);
    checkKey(key);
    Objects.requireNonNull(metadata, "metadata");
    if (length < 0 || length > limits.maxSinglePutSize()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "put '" + key + "' in " + describe() + ": length "
          + length + " is outside 0.." + limits.maxSinglePutSize() + " (SinkLimits.maxSinglePutSize)");
    }
    byte[] data = readExactly(body, length, key);
    long crc = Crc64.of(data);
    String etag = md5Hex(data);
    objects.put(key, new Stored(data, metadata, etag, crc, clock.instant()));
    return new PutResult(etag, crc, Verification.VERIFIED, Optional.empty());
  }

  @Override
  public String initiateMultipart(String key, ObjectMetadata metadata) throws IOException {
    enter(Op.INITIATE, key);
    checkKey(key);
    Objects.requireNonNull(metadata, "metadata");
    String id = UUID.randomUUID().toString();
    uploads.put(id, new Upload(key, metadata, clock.instant(), new ConcurrentSkipListMap<>()));
    return id;
  }

  @Override
  public PartResult uploadPart(String key, String uploadId, int partNumber, InputStream body, long length)
      throws IOException {
    enter(Op.UPLOAD_PART, key);
    checkKey(key);
    Upload u = upload(key, uploadId, "upload part " + partNumber + " of");
    if (partNumber < 1 || partNumber > limits.maxParts()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "part " + partNumber + " of '" + key
          + "': part numbers run from 1 to " + limits.maxParts() + " (SinkLimits.maxParts)");
    }
    if (length < 0 || length > limits.maxPartSize()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "part " + partNumber + " of '" + key + "': length "
          + length + " is outside 0.." + limits.maxPartSize() + " (SinkLimits.maxPartSize)");
    }
    byte[] data = readExactly(body, length, key);
    long crc = Crc64.of(data);
    String etag = md5Hex(data);
    if (!uploads.containsKey(uploadId)) {
      throw notFound(key, uploadId, "upload part " + partNumber + " of");
    }
    u.parts.put(partNumber, new Part(data, etag, crc));
    return new PartResult(partNumber, length, etag, crc, Verification.VERIFIED);
  }

  @Override
  public List<UploadedPart> listParts(String key, String uploadId) throws IOException {
    enter(Op.LIST_PARTS, key);
    checkKey(key);
    Upload u = upload(key, uploadId, "list parts of");
    List<UploadedPart> out = new ArrayList<>();
    u.parts.forEach((n, p) -> out.add(new UploadedPart(n, p.data.length, p.etag)));
    return out;
  }

  @Override
  public PutResult completeMultipart(String key, String uploadId, List<PartResult> parts) throws IOException {
    enter(Op.COMPLETE, key);
    checkKey(key);
    Upload u = upload(key, uploadId, "complete");
    if (parts.isEmpty()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "complete '" + key + "': no parts given");
    }
    List<PartResult> sorted = new ArrayList<>(parts);
    sorted.sort(Comparator.comparingInt(PartResult::partNumber));
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    MessageDigest etags = md5();
    long combined = 0;
    for (int i = 0; i < sorted.size(); i++) {
      PartResult p = sorted.get(i);
      if (i > 0 && sorted.get(i - 1).partNumber() == p.partNumber()) {
        throw new MigrateException(ErrorKind.INVALID_INPUT, "complete '" + key + "': part " + p.partNumber()
            + " listed twice");
      }
      Part stored = u.parts.get(p.partNumber());
      if (stored == null || !stored.etag.equals(p.etag()) || stored.data.length != p.size()) {
        throw new MigrateException(ErrorKind.INVALID_INPUT, "complete '" + key + "': part " + p.partNumber()
            + " is not stored with ETag " + p.etag() + " and size " + p.size() + " (InvalidPart)");
      }
      if (stored.crc64 != p.crc64()) {
        throw new MigrateException(ErrorKind.INTEGRITY_MISMATCH, "complete '" + key + "': part " + p.partNumber()
            + " CRC-64 " + Crc64.toUnsignedString(p.crc64()) + " given, " + Crc64.toUnsignedString(stored.crc64)
            + " stored");
      }
      if (i < sorted.size() - 1 && stored.data.length < limits.minPartSize()) {
        throw new MigrateException(ErrorKind.INVALID_INPUT, "complete '" + key + "': part " + p.partNumber()
            + " has " + stored.data.length + " bytes, below the minimum of " + limits.minPartSize()
            + " for a part that is not the last (SinkLimits.minPartSize; EntityTooSmall)");
      }
      all.writeBytes(stored.data);
      etags.update(HexFormat.of().parseHex(stored.etag));
      combined = i == 0 ? stored.crc64 : Crc64.combine(combined, stored.crc64, stored.data.length);
    }
    if (all.size() > limits.maxObjectSize()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "complete '" + key + "': " + all.size()
          + " bytes exceed SinkLimits.maxObjectSize " + limits.maxObjectSize());
    }
    if (uploads.remove(uploadId) == null) {
      throw notFound(key, uploadId, "complete");
    }
    byte[] data = all.toByteArray();
    long crc = Crc64.of(data);
    if (crc != combined) {
      throw new MigrateException(ErrorKind.INTEGRITY_MISMATCH, "complete '" + key + "': assembled CRC differs");
    }
    String etag = HexFormat.of().formatHex(etags.digest()) + "-" + sorted.size();
    objects.put(key, new Stored(data, u.metadata, etag, crc, clock.instant()));
    return new PutResult(etag, crc, Verification.VERIFIED, Optional.empty());
  }

  @Override
  public void abortMultipart(String key, String uploadId) throws IOException {
    enter(Op.ABORT, key);
    checkKey(key);
    Upload u = uploads.get(uploadId);
    if (u != null && u.key.equals(key)) {
      uploads.remove(uploadId);
    }
  }

  @Override
  public List<MultipartUpload> listMultipartUploads(String prefix) throws IOException {
    String p = prefix == null ? "" : prefix;
    enter(Op.LIST_UPLOADS, p);
    List<MultipartUpload> out = new ArrayList<>();
    uploads.forEach((id, u) -> {
      if (u.key.startsWith(p)) {
        out.add(new MultipartUpload(u.key, id, Optional.of(u.initiated)));
      }
    });
    out.sort(Comparator.comparing(MultipartUpload::key).thenComparing(m -> m.initiated().orElseThrow())
        .thenComparing(MultipartUpload::uploadId));
    return out;
  }

  @Override
  public void delete(String key) throws IOException {
    enter(Op.DELETE, key);
    checkKey(key);
    objects.remove(key);
  }

  @Override
  public void close() {
    closed = true;
  }

  // ------------------------------------------------------------------ internals

  private void enter(Op op, String key) throws IOException {
    if (closed) {
      throw new IllegalStateException(describe() + " is closed");
    }
    calls.get(op).incrementAndGet();
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException(op + " '" + key + "' interrupted");
    }
    for (Fault f : faults) {
      if (f.matches.test(op, key)) {
        long left = f.remaining.getAndDecrement();
        if (left > 0) {
          if (left == 1) {
            faults.remove(f);
          }
          throw f.error;
        }
        faults.remove(f);
      }
    }
  }

  private void checkKey(String key) throws MigrateException {
    if (key == null || key.isEmpty()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "empty key for " + describe());
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxKeyLength()) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "key '" + key + "' is " + bytes + " bytes in UTF-8; "
          + describe() + " accepts at most " + limits.maxKeyLength() + " (SinkLimits.maxKeyLength)");
    }
  }

  private Upload upload(String key, String uploadId, String op) throws MigrateException {
    Upload u = uploads.get(uploadId);
    if (u == null || !u.key.equals(key)) {
      throw notFound(key, uploadId, op);
    }
    return u;
  }

  private MigrateException notFound(String key, String uploadId, String op) {
    return new MigrateException(ErrorKind.NOT_FOUND, op + " '" + key + "' in " + describe() + ": no upload "
        + uploadId + " (NoSuchUpload)");
  }

  private static byte[] readExactly(InputStream body, long length, String key) throws IOException {
    if (length > Integer.MAX_VALUE - 8) {
      throw new MigrateException(ErrorKind.INVALID_INPUT, "'" + key + "': " + length
          + " bytes do not fit an in-memory sink");
    }
    byte[] data = body.readNBytes((int) length);
    if (data.length != length) {
      throw new MigrateException(ErrorKind.SOURCE_CHANGED, "body of '" + key + "' ended after " + data.length
          + " of " + length + " bytes");
    }
    return data;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String md5Hex(byte[] data) {
    return HexFormat.of().formatHex(md5().digest(data));
  }
}
