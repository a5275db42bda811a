package io.github.cosmigrate.flink.internal;

import io.github.cosmigrate.model.SourceEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The versioned binary forms of {@link PageSplit} and {@link ListingCheckpoint} in Flink's checkpoints. */
public final class SplitSerializers {
  private SplitSerializers() {}

  /** Serializes splits. */
  public static final class Splits implements SimpleVersionedSerializer<PageSplit> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(PageSplit s) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(b);
      writeSplit(s, out);
      out.flush();
      return b.toByteArray();
    }

    @Override
    public PageSplit deserialize(int version, byte[] bytes) throws IOException {
      checkVersion(version);
      return readSplit(new DataInputStream(new ByteArrayInputStream(bytes)));
    }
  }

  /** Serializes the enumerator's state. */
  public static final class Checkpoints implements SimpleVersionedSerializer<ListingCheckpoint> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(ListingCheckpoint c) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(b);
      writeNullable(c.cursor(), out);
      out.writeBoolean(c.complete());
      out.writeLong(c.nextId());
      out.writeInt(c.unassigned().size());
      for (PageSplit s : c.unassigned()) {
        writeSplit(s, out);
      }
      out.flush();
      return b.toByteArray();
    }

    @Override
    public ListingCheckpoint deserialize(int version, byte[] bytes) throws IOException {
      checkVersion(version);
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      String cursor = readNullable(in);
      boolean complete = in.readBoolean();
      long nextId = in.readLong();
      int n = in.readInt();
      List<PageSplit> splits = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        splits.add(readSplit(in));
      }
      return new ListingCheckpoint(cursor, complete, nextId, splits);
    }
  }

  private static void checkVersion(int version) throws IOException {
    if (version != 1) {
      throw new IOException("cannot read state of version " + version + " (this build reads version 1): restore"
          + " it with the cos-migrate version that wrote it");
    }
  }

  private static void writeSplit(PageSplit s, DataOutputStream out) throws IOException {
    out.writeUTF(s.id());
    writeNullable(s.listingError(), out);
    // only the entries still to emit
    out.writeInt(s.entries().size() - s.offset());
    for (SourceEntry e : s.entries().subList(s.offset(), s.entries().size())) {
      Descriptors.write(e, out);
    }
  }

  private static PageSplit readSplit(DataInputStream in) throws IOException {
    String id = in.readUTF();
    String error = readNullable(in);
    int n = in.readInt();
    List<SourceEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(Descriptors.read(in));
    }
    return new PageSplit(id, entries, 0, error);
  }

  private static void writeNullable(String s, DataOutputStream out) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }
}
