package io.github.cosmigrate.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Raw HTTP/1.1 framing helpers for the dialect proxy. */
final class HttpIo {
  /** Body copy buffer. */
  static final int BUFFER = 256 * 1024;
  /** Buffered stream size (whole-buffer copies bypass it). */
  static final int STREAM_BUFFER = 64 * 1024;
  private static final int MAX_LINE = 64 * 1024;

  private HttpIo() {}

  /** Reads one CRLF- (or LF-) terminated line as ISO-8859-1; null on EOF before any byte. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
      if (sb.length() > MAX_LINE) {
        throw new IOException("HTTP line longer than " + MAX_LINE + " bytes");
      }
    }
    if (sb.length() == 0) {
      return null;
    }
    throw new EOFException("connection closed in the middle of an HTTP line");
  }

  /** Reads header lines up to the blank line. */
  static Headers readHeaders(InputStream in) throws IOException {
    Headers h = new Headers();
    String line;
    while (true) {
      line = readLine(in);
      if (line == null) {
        throw new EOFException("connection closed inside the HTTP header block");
      }
      if (line.isEmpty()) {
        return h;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed HTTP header line");
      }
      h.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
  }

  static boolean isChunked(Headers h) {
    String te = h.get("Transfer-Encoding");
    return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
  }

  /** Content-Length, or -1 if absent. */
  static long contentLength(Headers h) throws IOException {
    String cl = h.get("Content-Length");
    if (cl == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(cl.trim());
      if (n < 0) {
        throw new IOException("negative Content-Length");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException("malformed Content-Length", e);
    }
  }

  static void writeAscii(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** An InputStream over exactly {@code length} bytes of {@code in}. */
  static final class FixedIn extends InputStream {
    private final InputStream in;
    private long remaining;

    FixedIn(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException("connection closed with " + remaining + " body bytes missing");
      }
      remaining -= n;
      return n;
    }

    boolean done() {
      return remaining == 0;
    }
  }

  /** Decodes a chunked body; trailers are read and dropped. */
  static final class ChunkedIn extends InputStream {
    private final InputStream in;
    private long chunkLeft;
    private boolean eof;

    ChunkedIn(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (eof) {
        return -1;
      }
      if (chunkLeft == 0) {
        String line = readLine(in);
        if (line == null) {
          throw new EOFException("connection closed inside a chunked body");
        }
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
        try {
          chunkLeft = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          throw new IOException("malformed chunk size", e);
        }
        if (chunkLeft == 0) {
          String t;
          do {
            t = readLine(in);
          } while (t != null && !t.isEmpty());
          eof = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("connection closed inside a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        String crlf = readLine(in);
        if (crlf == null || !crlf.isEmpty()) {
          throw new IOException("missing CRLF after chunk");
        }
      }
      return n;
    }

    boolean done() {
      return eof;
    }
  }

  /** Writes chunked framing; {@link #finish()} writes the last chunk (does not close the underlying stream). */
  static final class ChunkedOut extends OutputStream {
    private final OutputStream out;

    ChunkedOut(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      writeAscii(out, Integer.toHexString(len) + "\r\n");
      out.write(b, off, len);
      writeAscii(out, "\r\n");
    }

    void finish() throws IOException {
      writeAscii(out, "0\r\n\r\n");
    }
  }

  /** Reads and discards everything left in {@code in}. */
  static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (in.read(buf, 0, buf.length) >= 0) {
      // discard
    }
  }

  static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 204: return "No Content";
      case 206: return "Partial Content";
      case 400: return "Bad Request";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 409: return "Conflict";
      case 412: return "Precondition Failed";
      case 416: return "Range Not Satisfiable";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      case 504: return "Gateway Timeout";
      default: return "Status";
    }
  }
}
