package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.error.ErrorKind;
import io.github.cosmigrate.model.ObjectInfo;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.model.SourceEntry;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one binary form of a listed entry ({@link SourceEntry}: an object with its metadata, or a key the listing
 * skipped or failed), used in splits, in the enumerator's checkpoints and between the job's operators. Versioned by
 * the callers' serializers.
 */
public final class Descriptors {
  private static final byte FOUND = 0;
  private static final byte SKIPPED = 1;
  private static final byte FAILED = 2;

  private Descriptors() {}

  /** Writes one entry. */
  public static void write(SourceEntry e, DataOutput out) throws IOException {
    if (e instanceof SourceEntry.Found f) {
      out.writeByte(FOUND);
      writeInfo(f.object(), out);
    } else if (e instanceof SourceEntry.Skipped s) {
      out.writeByte(SKIPPED);
      writeLongString(s.key(), out);
      writeLongString(s.reason(), out);
    } else {
      SourceEntry.Failed f = (SourceEntry.Failed) e;
      out.writeByte(FAILED);
      writeLongString(f.key(), out);
      writeLongString(f.kind().name(), out);
      writeLongString(f.reason(), out);
    }
  }

  /** Reads one entry written by {@link #write}. */
  public static SourceEntry read(DataInput in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case FOUND -> new SourceEntry.Found(readInfo(in));
      case SKIPPED -> new SourceEntry.Skipped(readLongString(in), readLongString(in));
      case FAILED -> new SourceEntry.Failed(readLongString(in), ErrorKind.valueOf(readLongString(in)), readLongString(in));
      default -> throw new IOException("unknown entry tag " + tag + " (written by a newer version?)");
    };
  }

  static void writeInfo(ObjectInfo o, DataOutput out) throws IOException {
    writeLongString(o.key(), out);
    out.writeLong(o.size());
    writeOpt(o.lastModified().map(i -> Long.toString(i.toEpochMilli())), out);
    writeOpt(o.etag(), out);
    out.writeBoolean(o.crc64().isPresent());
    out.writeLong(o.crc64().orElse(0));
    writeOpt(o.versionId(), out);
    writeMetadata(o.metadata(), out);
  }

  static ObjectInfo readInfo(DataInput in) throws IOException {
    String key = readLongString(in);
    long size = in.readLong();
    Optional<Instant> mtime = readOpt(in).map(s -> Instant.ofEpochMilli(Long.parseLong(s)));
    Optional<String> etag = readOpt(in);
    boolean hasCrc = in.readBoolean();
    long crc = in.readLong();
    Optional<String> version = readOpt(in);
    ObjectMetadata m = readMetadata(in);
    return new ObjectInfo(key, size, mtime, etag, hasCrc ? OptionalLong.of(crc) : OptionalLong.empty(), m, version);
  }

  /** Writes metadata (also the job's default metadata). */
  public static void writeMetadata(ObjectMetadata m, DataOutput out) throws IOException {
    writeOpt(m.contentType(), out);
    writeOpt(m.cacheControl(), out);
    writeOpt(m.contentDisposition(), out);
    writeOpt(m.contentEncoding(), out);
    writeOpt(m.contentLanguage(), out);
    writeOpt(m.expires(), out);
    out.writeInt(m.userMetadata().size());
    for (Map.Entry<String, String> e : m.userMetadata().entrySet()) {
      writeLongString(e.getKey(), out);
      writeLongString(e.getValue(), out);
    }
    writeOpt(m.storageClass(), out);
    writeOpt(m.serverSideEncryption(), out);
  }

  /** Reads what {@link #writeMetadata} wrote. */
  public static ObjectMetadata readMetadata(DataInput in) throws IOException {
    Optional<String> contentType = readOpt(in);
    Optional<String> cacheControl = readOpt(in);
    Optional<String> disposition = readOpt(in);
    Optional<String> encoding = readOpt(in);
    Optional<String> language = readOpt(in);
    Optional<String> expires = readOpt(in);
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("corrupt descriptor: " + n + " metadata entries");
    }
    Map<String, String> user = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      user.put(readLongString(in), readLongString(in));
    }
    Optional<String> storageClass = readOpt(in);
    Optional<String> sse = readOpt(in);
    return new ObjectMetadata(contentType, cacheControl, disposition, encoding, language, expires, user,
        storageClass, sse);
  }

  /** An entry as bytes. */
  public static byte[] toBytes(SourceEntry e) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(256);
    try {
      write(e, new java.io.DataOutputStream(b));
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
    return b.toByteArray();
  }

  /** An entry from {@link #toBytes}. */
  public static SourceEntry fromBytes(byte[] bytes) {
    try {
      return read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes)));
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  private static void writeOpt(Optional<String> v, DataOutput out) throws IOException {
    out.writeBoolean(v.isPresent());
    if (v.isPresent()) {
      writeLongString(v.get(), out);
    }
  }

  private static Optional<String> readOpt(DataInput in) throws IOException {
    return in.readBoolean() ? Optional.of(readLongString(in)) : Optional.empty();
  }

  /** A string of any length (writeUTF stops at 64 KiB of modified UTF-8; a key or a metadata value may not). */
  private static void writeLongString(String s, DataOutput out) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readLongString(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (64 << 20)) {
      throw new IOException("corrupt descriptor: string of " + n + " bytes");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }
}
