package io.github.cosmigrate.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLinesTest {
  @TempDir Path tmp;

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  static List<ManifestLines.Line> all(Path file) throws IOException {
    List<ManifestLines.Line> lines = new ArrayList<>();
    try (ManifestLines in = ManifestLines.open(file)) {
      for (ManifestLines.Line l = in.next(); l != null; l = in.next()) {
        lines.add(l);
      }
      assertThat(in.atEnd()).isTrue();
    }
    return lines;
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(tmp.resolve(name), content);
  }

  @Test
  void linesAreNumberedFromOneWithLfCrlfABlankLineAndALastLineWithoutItsEnd() throws IOException {
    Path f = write("keys.txt", "a\r\nb\n\n c d \nlast".getBytes(StandardCharsets.UTF_8));
    assertThat(all(f)).containsExactly(new ManifestLines.Line(1, "a", null), new ManifestLines.Line(2, "b", null),
        new ManifestLines.Line(3, "", null), new ManifestLines.Line(4, " c d ", null),
        new ManifestLines.Line(5, "last", null));
  }

  @Test
  void anEmptyFileHasNoLinesAndAByteOrderMarkIsDropped() throws IOException {
    assertThat(all(write("empty", new byte[0]))).isEmpty();
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'k', '\n'};
    assertThat(all(write("bom", bom))).containsExactly(new ManifestLines.Line(1, "k", null));
  }

  @Test
  void gzipIsRecognisedByItsMagicBytesNotByItsNameAndConcatenatedMembersAreOneStream() throws IOException {
    byte[] one = gzip("\"b\",\"k1\"\n".getBytes(StandardCharsets.UTF_8));
    byte[] two = gzip("\"b\",\"k2\"\n".getBytes(StandardCharsets.UTF_8));
    byte[] both = new byte[one.length + two.length];
    System.arraycopy(one, 0, both, 0, one.length);
    System.arraycopy(two, 0, both, one.length, two.length);
    assertThat(all(write("inventory.csv", both))).extracting(ManifestLines.Line::text)
        .containsExactly("\"b\",\"k1\"", "\"b\",\"k2\"");
    // a plain file named .gz is read as it is
    assertThat(all(write("plain.csv.gz", "x\n".getBytes(StandardCharsets.UTF_8)))).extracting(ManifestLines.Line::text)
        .containsExactly("x");
    // a one-byte file (shorter than the magic) is a plain file
    assertThat(all(write("one", new byte[] {0x1f}))).hasSize(1);
  }

  @Test
  void aLineThatIsNotUtf8OrTooLongIsReportedWithItsNumberAndTheNextLineIsRead() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write("ok\n".getBytes(StandardCharsets.UTF_8));
    b.write(new byte[] {'b', 'a', (byte) 0xff, 'd', '\n'});
    b.write("x".repeat(ManifestLines.MAX_LINE_BYTES + 10).getBytes(StandardCharsets.UTF_8));
    b.write("\n中文/キー\n".getBytes(StandardCharsets.UTF_8));
    List<ManifestLines.Line> lines = all(write("mixed", b.toByteArray()));
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).text()).isEqualTo("ok");
    assertThat(lines.get(1).text()).isNull();
    assertThat(lines.get(1).error()).contains("not valid UTF-8");
    assertThat(lines.get(2).number()).isEqualTo(3);
    assertThat(lines.get(2).error()).contains("longer than " + ManifestLines.MAX_LINE_BYTES);
    assertThat(lines.get(3)).isEqualTo(new ManifestLines.Line(4, "中文/キー", null));
  }

  @Test
  void skipToReachesALineOrSaysTheFileEndsBefore() throws IOException {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= 50_000; i++) {
      s.append("key-").append(i).append('\n');
    }
    Path f = write("many.gz", gzip(s.toString().getBytes(StandardCharsets.UTF_8)));
    try (ManifestLines in = ManifestLines.open(f)) {
      assertThat(in.skipTo(41_999)).isTrue();
      assertThat(in.lastNumber()).isEqualTo(41_999);
      assertThat(in.next()).isEqualTo(new ManifestLines.Line(42_000, "key-42000", null));
    }
    try (ManifestLines in = ManifestLines.open(f)) {
      assertThat(in.skipTo(50_000)).isTrue();
      assertThat(in.atEnd()).isTrue();
    }
    try (ManifestLines in = ManifestLines.open(f)) {
      assertThat(in.skipTo(50_001)).isFalse();
      assertThat(in.lastNumber()).isEqualTo(50_000);
    }
    Path noEnd = write("noend", "a\nb".getBytes(StandardCharsets.UTF_8));
    try (ManifestLines in = ManifestLines.open(noEnd)) {
      assertThat(in.skipTo(2)).isTrue();
      assertThat(in.next()).isNull();
    }
  }
}
