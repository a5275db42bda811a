package io.github.cosmigrate.source.url.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
  @TempDir Path tmp;

  private static List<LineReader.RawLine> readAll(Path f, long offset, long linesBefore) throws Exception {
    List<LineReader.RawLine> out = new ArrayList<>();
    try (LineReader r = LineReader.open(f, offset, linesBefore)) {
      for (LineReader.RawLine l = r.next(); l != null; l = r.next()) {
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void linesKeepNumbersAndOffsetsAcrossBomCrlfBadBytesAndALongLine() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    b.write("first\r\n".getBytes(StandardCharsets.UTF_8));
    b.write(new byte[] {'x', (byte) 0xC3, '\n'});
    b.write("x".repeat(LineReader.MAX_LINE_BYTES + 10).getBytes(StandardCharsets.UTF_8));
    b.write("\n中文\nlast without newline".getBytes(StandardCharsets.UTF_8));
    Path f = Files.write(tmp.resolve("l.txt"), b.toByteArray());

    List<LineReader.RawLine> lines = readAll(f, 0, 0);
    assertThat(lines).extracting(LineReader.RawLine::number).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(lines.get(0).text()).isEqualTo("first");
    assertThat(lines.get(0).start()).isEqualTo(3);
    assertThat(lines.get(1).problem()).contains("not valid UTF-8");
    assertThat(lines.get(2).problem()).contains("longer than");
    assertThat(lines.get(3).text()).isEqualTo("中文");
    assertThat(lines.get(4).text()).isEqualTo("last without newline");

    List<LineReader.RawLine> rest = readAll(f, lines.get(3).start(), 3);
    assertThat(rest).extracting(LineReader.RawLine::text).containsExactly("中文", "last without newline");
    assertThat(rest.get(0).number()).isEqualTo(4);
  }
}
