package io.github.cosmigrate.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/** How the {@link DialectProxy} writes answers of its own: throttled, cut-short, emptied, plain or reset. */
final class Replies {
  private static final Pattern LISTED_ENTRY = Pattern.compile(
      "<(Part|Contents|Upload|CommonPrefixes)>.*?</\\1>", Pattern.DOTALL);

  private Replies() {}

  static void writeBody(OutputStream out, byte[] b, int off, int len, long perKiBNanos,
      boolean flushEach) throws IOException {
    if (perKiBNanos < 0) {
      out.write(b, off, len);
      return;
    }
    int end = off + len;
    for (int i = off; i < end; i += 1024) {
      out.write(b, i, Math.min(1024, end - i));
      out.flush();
      if (perKiBNanos > 0) {
        LockSupport.parkNanos(perKiBNanos);
      }
    }
  }

  /** Sends the first half of a response body ({@code length} bytes, or one buffer when unknown). */
  static void sendHalf(OutputStream out, byte[] buffered, long length, InputStream body, byte[] buf)
      throws IOException {
    long half = length >= 0 ? length / 2 : buf.length;
    if (buffered != null) {
      out.write(buffered, 0, (int) half);
      return;
    }
    while (half > 0) {
      int r = body.read(buf, 0, (int) Math.min(buf.length, half));
      if (r <= 0) {
        return;
      }
      out.write(buf, 0, r);
      half -= r;
    }
  }

  /** A listing answer with its entries removed and marked complete. */
  static byte[] emptyListing(byte[] xml) {
    String s = new String(xml, StandardCharsets.UTF_8);
    s = LISTED_ENTRY.matcher(s).replaceAll("");
    s = s.replaceAll("<IsTruncated>true</IsTruncated>", "<IsTruncated>false</IsTruncated>");
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Closes {@code client} with a TCP RST (SO_LINGER 0). */
  static void reset(Socket client) {
    try {
      client.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(client);
  }

  static void sendPlain(OutputStream out, int status, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    try {
      HttpIo.writeAscii(out, "HTTP/1.1 " + status + " " + HttpIo.reason(status)
          + "\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n");
      out.write(bytes);
      out.flush();
    } catch (IOException ignored) {
      // the client is gone too
    }
  }

  static String escapeXml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
