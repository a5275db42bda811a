package io.github.cosmigrate.server;

import io.github.cosmigrate.api.Crc64;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 front that makes an S3 server (an {@link ObjectStoreServer} with {@link
 * ObjectStoreServer.Auth#none()}) speak the Tencent COS or Aliyun OSS dialect, with a request log, CRC-64 headers
 * and fault injection. See the package documentation for the mapping and for the client configuration.
 *
 * <p>Dialect requests (no {@code x-amz-*} header and no AWS {@code Authorization}) are translated; S3 requests
 * pass through untouched (headers, aws-chunked bodies and signatures), so rclone and the AWS SDK can share the
 * proxy with the dialect clients. Only path-style addressing ({@code /bucket/key}) is understood.
 *
 * <p>Bodies are streamed in both directions (never buffered whole, except small XML bodies that must be
 * rewritten); one thread serves each client connection; backend connections are pooled and kept alive.
 * Thread-safe. {@link #close()} stops accepting, closes every connection and is idempotent; it does not close
 * the backend server.
 */
public final class DialectProxy implements AutoCloseable {
  /** How many {@link RecordedRequest}s are kept; the oldest are dropped beyond this. */
  public static final int MAX_RECORDED = 200_000;

  static final String SHIM_STORAGE_CLASS = "x-amz-meta-shim-storage-class";
  static final String SHIM_SSE = "x-amz-meta-shim-sse";
  static final String SHIM_CONTENT_TYPE = "x-amz-meta-shim-content-type";
  private static final long BACKEND_IDLE_NANOS = 10_000_000_000L;
  private static final int MAX_IDLE_BACKENDS = 128;
  private static final int MAX_BUFFERED_BODY = 64 * 1024 * 1024;
  private static final Pattern XMLNS = Pattern.compile(" xmlns=\"[^\"]*\"");
  private static final Pattern XML_ETAG = Pattern.compile("<ETag>(.*?)</ETag>", Pattern.DOTALL);
  private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>(.*?)</UploadId>", Pattern.DOTALL);




  private final Dialect dialect;
  private final RequestClassifier classifier;
  private final String backendHost;
  private final int backendPort;
  private final boolean forwardHost;
  private final DialectHeaders headers;
  private final ServerSocket server;
  private final URI endpoint;
  private final ExecutorService threads;
  private final Thread acceptor;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedDeque<Backend> idleBackends = new ConcurrentLinkedDeque<>();
  private final FaultPlan faults = new FaultPlan();
  private final ArrayDeque<RecordedRequest> log = new ArrayDeque<>();
  private final CrcBook crcs = new CrcBook();
  private final ListedStorageClasses storageClasses = new ListedStorageClasses();
  private final AtomicLong requestIds = new AtomicLong();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile OssSignatureVerifier signatures;
  private volatile boolean closed;

  private DialectProxy(Dialect dialect, URI backendEndpoint, boolean forwardHost) throws IOException {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.forwardHost = forwardHost;
    this.headers = new DialectHeaders(dialect, forwardHost);
    this.classifier = new RequestClassifier(dialect);
    Objects.requireNonNull(backendEndpoint, "backendEndpoint");
    if (!"http".equalsIgnoreCase(backendEndpoint.getScheme()) || backendEndpoint.getPort() <= 0) {
      throw new IllegalArgumentException(
          "backend endpoint must be http://host:port, was " + backendEndpoint);
    }
    this.backendHost = backendEndpoint.getHost();
    this.backendPort = backendEndpoint.getPort();
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    this.endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort());
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "dialect-proxy-" + dialect.name().toLowerCase(Locale.ROOT));
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "dialect-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy on {@code 127.0.0.1}, port 0, in front of the S3 server at {@code backendEndpoint}. */
  public static DialectProxy start(Dialect dialect, URI backendEndpoint) throws IOException {
    return new DialectProxy(dialect, backendEndpoint, false);
  }

  /**
   * As {@link #start}, but a dialect request reaches the backend with the client's own Host header instead of
   * the backend's address: in front of a server that routes by Host ({@link
   * ObjectStoreServer#startInMemoryRoutingByHost}) the client's addressing decides the bucket and key. The proxy
   * itself still reads requests as path style ({@code /bucket/key}) for its log, faults and CRC-64 headers.
   */
  public static DialectProxy startForwardingHost(Dialect dialect, URI backendEndpoint) throws IOException {
    return new DialectProxy(dialect, backendEndpoint, true);
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return endpoint.getPort();
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The live fault plan; arm it at any time. */
  public FaultPlan faults() {
    return faults;
  }

  /**
   * From now on, dialect requests must carry a valid OSS signature V1 for this verifier's keys, or get 403 as
   * from OSS (see {@link OssSignatureVerifier}); {@code null} accepts any again. OSS dialect only.
   */
  public DialectProxy requireSignatures(OssSignatureVerifier verifier) {
    if (verifier != null && dialect != Dialect.OSS) {
      throw new IllegalStateException("signature checks are implemented for the OSS dialect only");
    }
    this.signatures = verifier;
    return this;
  }

  /**
   * A snapshot of the request log, oldest first (at most {@link #MAX_RECORDED} entries). A request is logged before
   * its answer is sent, so every request whose call has returned to its client is in the log.
   */
  public List<RecordedRequest> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Empties the request log. */
  public void clearRequests() {
    synchronized (log) {
      log.clear();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket s : clients) {
      Replies.closeQuietly(s);
    }
    Backend b;
    while ((b = idleBackends.poll()) != null) {
      b.close();
    }
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "DialectProxy[" + dialect + " " + endpoint + " -> http://" + backendHost + ":" + backendPort + "]";
  }

  // ---------------------------------------------------------------- connections

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      clients.add(s);
      try {
        threads.execute(() -> serve(s));
      } catch (RuntimeException e) {
        clients.remove(s);
        Replies.closeQuietly(s);
      }
    }
  }

  private void serve(Socket client) {
    try {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream(), HttpIo.STREAM_BUFFER);
      OutputStream out = new BufferedOutputStream(client.getOutputStream(), HttpIo.STREAM_BUFFER);
      byte[] buf = new byte[HttpIo.BUFFER];
      while (!closed) {
        String line = HttpIo.readLine(in);
        if (line == null) {
          return;
        }
        if (line.isEmpty()) {
          continue;
        }
        Headers h = HttpIo.readHeaders(in);
        int concurrent = inFlight.incrementAndGet();
        try {
          if (!exchange(client, in, out, buf, line, h, concurrent)) {
            return;
          }
        } finally {
          inFlight.decrementAndGet();
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or sent garbage: drop the connection
    } finally {
      clients.remove(client);
      Replies.closeQuietly(client);
    }
  }

  private static final class Backend {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    /** Set once the connection went back to the pool: it may have been closed by the backend since. */
    volatile boolean reused;
    long lastUsed;

    Backend(Socket socket) throws IOException {
      this.socket = socket;
      // reads/writes of a whole copy buffer bypass these buffers; they only batch headers and small bodies
      this.in = new BufferedInputStream(socket.getInputStream(), HttpIo.STREAM_BUFFER);
      this.out = new BufferedOutputStream(socket.getOutputStream(), HttpIo.STREAM_BUFFER);
    }

    void close() {
      Replies.closeQuietly(socket);
    }
  }

  private Backend acquire() throws IOException {
    Backend b;
    long now = System.nanoTime();
    while ((b = idleBackends.pollFirst()) != null) {
      idleCount.decrementAndGet();
      if (now - b.lastUsed < BACKEND_IDLE_NANOS && !b.socket.isClosed()) {
        return b;
      }
      b.close();
    }
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(backendHost, backendPort), 10_000);
    return new Backend(s);
  }

  private void release(Backend b) {
    if (closed) {
      b.close();
      return;
    }
    if (idleCount.incrementAndGet() > MAX_IDLE_BACKENDS) {
      idleCount.decrementAndGet();
      b.close();
      return;
    }
    b.lastUsed = System.nanoTime();
    b.reused = true;
    idleBackends.offerFirst(b);
  }

  // ---------------------------------------------------------------- one exchange

  /** Handles one request; returns whether the client connection may carry another. */
  private boolean exchange(Socket client, InputStream in, OutputStream out, byte[] buf, String requestLine,
      Headers h, int concurrent) throws IOException {
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      Replies.sendPlain(out, 400, "malformed request line");
      return false;
    }
    String method = parts[0].toUpperCase(Locale.ROOT);
    String target = parts[1];
    if (target.startsWith("http://") || target.startsWith("https://")) {
      int slash = target.indexOf('/', target.indexOf("//") + 2);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    int qm = target.indexOf('?');
    String rawPath = qm < 0 ? target : target.substring(0, qm);
    String rawQuery = qm < 0 ? "" : target.substring(qm + 1);
    Map<String, String> query = UriParts.parseQuery(rawQuery);
    String[] bk = UriParts.bucketAndKey(rawPath);
    String bucket = bk[0];
    String key = bk[1];
    boolean s3 = RequestClassifier.isS3(h);
    Operation op = classifier.classify(method, bucket, key, query, h);
    int partNumber = RequestClassifier.partNumber(query.get("partNumber"));
    String uploadId = query.getOrDefault("uploadId", "");
    RecordedRequest pre = new RecordedRequest(method, bucket, key, op, partNumber, uploadId, 0,
        copySourceOf(op, s3, h), s3 ? Map.of() : headers.recorded(h), concurrent);
    OssSignatureVerifier verifier = signatures;
    OssSignatureVerifier.Rejection rejected = verifier == null || s3 ? null
        : verifier.check(method, rawPath, rawQuery, h);
    Fault fault = rejected == null ? faults.take(pre) : null;

    boolean expectContinue = "100-continue".equalsIgnoreCase(h.get("Expect"));
    boolean chunkedReq = HttpIo.isChunked(h);
    long reqLen = chunkedReq ? -1 : Math.max(0, HttpIo.contentLength(h));
    InputStream body = chunkedReq ? new HttpIo.ChunkedIn(in) : new HttpIo.FixedIn(in, reqLen);
    boolean clientWantsClose = "close".equalsIgnoreCase(h.get("Connection"))
        || parts[2].equals("HTTP/1.0");

    if (rejected != null) {
      boolean keep = !expectContinue && !clientWantsClose;
      if (!expectContinue) {
        HttpIo.drain(body);
      }
      record(pre.withStatus(rejected.status()));
      out.write(rejected.httpResponse(method.equals("HEAD"), keep));
      out.flush();
      return keep;
    }
    if (fault != null && fault.kind() == Fault.Kind.CONNECTION_RESET) {
      if (!expectContinue) {
        HttpIo.drain(body);
      }
      record(pre);
      Replies.reset(client);
      return false;
    }
    if (fault != null && fault.kind() == Fault.Kind.RESET_DURING_BODY && (chunkedReq || reqLen > 0)) {
      if (!expectContinue) {
        long half = chunkedReq ? HttpIo.BUFFER : reqLen / 2;
        body.readNBytes((int) Math.min(half, MAX_BUFFERED_BODY));
      }
      record(pre);
      Replies.reset(client);
      return false;
    }
    if (fault != null && (fault.kind() == Fault.Kind.STATUS || fault.kind() == Fault.Kind.OK_WITH_ERROR_BODY)) {
      boolean keep = !expectContinue && !clientWantsClose;
      if (!expectContinue) {
        HttpIo.drain(body);
      }
      record(pre.withStatus(fault.status()));
      sendFault(out, method, fault, s3, bucket, key, keep);
      return keep;
    }
    if (expectContinue) {
      HttpIo.writeAscii(out, "HTTP/1.1 100 Continue\r\n\r\n");
      out.flush();
    }

    // ---- build the backend request
    Headers bh = headers.toBackend(h, s3, op);
    if (!s3 && !(forwardHost && h.has("Host"))) {
      bh.add("Host", backendHost + ":" + backendPort);
    }
    boolean bodyMethod = method.equals("PUT") || method.equals("POST");
    byte[] buffered = null;
    if (op == Operation.COMPLETE_MULTIPART || (!chunkedReq && reqLen == 0)) {
      buffered = readLimited(body, buf);
      if (buffered.length > 0 || bodyMethod) {
        bh.add("Content-Length", Integer.toString(buffered.length));
      }
    } else if (chunkedReq) {
      bh.add("Transfer-Encoding", "chunked");
    } else {
      bh.add("Content-Length", Long.toString(reqLen));
    }
    boolean copySource = h.has(dialect.headerPrefix() + "copy-source") || h.has("x-amz-copy-source");
    boolean crcRequest = !s3 && !copySource && (op == Operation.PUT_OBJECT || op == Operation.UPLOAD_PART);
    Long partsCrc = op == Operation.COMPLETE_MULTIPART && !s3 ? crcs.partsCrc(uploadId, buffered) : null;

    // ---- send it
    Backend be = null;
    Crc64 crc = crcRequest ? new Crc64() : null;
    long sent = 0;
    int status;
    String statusLine;
    Headers rh;
    while (true) {
      be = acquire();
      try {
        StringBuilder sb = new StringBuilder(512);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        bh.writeTo(sb);
        sb.append("\r\n");
        HttpIo.writeAscii(be.out, sb.toString());
        if (buffered != null) {
          be.out.write(buffered);
          if (crc != null) {
            crc.update(buffered, 0, buffered.length);
          }
          sent = buffered.length;
        } else {
          OutputStream to = chunkedReq ? new HttpIo.ChunkedOut(be.out) : be.out;
          int r;
          while ((r = body.read(buf, 0, buf.length)) > 0) {
            if (crc != null) {
              crc.update(buf, 0, r);
            }
            to.write(buf, 0, r);
            sent += r;
          }
          if (chunkedReq) {
            ((HttpIo.ChunkedOut) to).finish();
          }
        }
        be.out.flush();
        do {
          statusLine = HttpIo.readLine(be.in);
          if (statusLine == null) {
            throw new IOException("backend closed the connection before answering");
          }
          status = parseStatus(statusLine);
          rh = HttpIo.readHeaders(be.in);
        } while (status >= 100 && status < 200);
        break;
      } catch (IOException e) {
        be.close();
        if (be.reused && buffered != null && !closed) {
          if (crc != null) {
            crc.reset();
          }
          continue; // a stale pooled connection; the request can be replayed
        }
        record(pre.withStatus(502));
        Replies.sendPlain(out, 502, "backend failed: " + e.getClass().getSimpleName());
        return false;
      }
    }

    // ---- response body framing
    boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
    boolean respChunked = !noBody && HttpIo.isChunked(rh);
    long respLen = HttpIo.contentLength(rh);
    InputStream rbody;
    if (noBody) {
      rbody = InputStream.nullInputStream();
    } else if (respChunked) {
      rbody = new HttpIo.ChunkedIn(be.in);
    } else if (respLen >= 0) {
      rbody = new HttpIo.FixedIn(be.in, respLen);
    } else {
      rbody = be.in; // close-delimited
    }
    boolean backendReusable = !"close".equalsIgnoreCase(rh.get("Connection")) && (noBody || respChunked
        || respLen >= 0);

    // ---- response headers
    Headers oh = headers.toClient(rh, s3);

    // ---- bodies that must be rewritten or inspected are small: buffer them
    boolean rewriteXml = !s3 && dialect == Dialect.OSS && op != Operation.GET_OBJECT && !noBody
        && String.valueOf(rh.get("Content-Type")).toLowerCase(Locale.ROOT).contains("xml");
    byte[] respBuffered = null;
    try {
      boolean listing = !s3 && dialect == Dialect.COS && op == Operation.LIST_OBJECTS && status == 200;
      boolean initiate = !s3 && op == Operation.INITIATE_MULTIPART && status == 200;
      boolean emptied = fault != null && fault.kind() == Fault.Kind.EMPTY_LISTING && status == 200
          && (op == Operation.LIST_PARTS || op == Operation.LIST_OBJECTS || op == Operation.LIST_MULTIPART_UPLOADS);
      boolean malformed = fault != null && fault.kind() == Fault.Kind.MALFORMED_XML && status == 200;
      if (!noBody && (rewriteXml || listing || initiate || emptied || malformed || op == Operation.COMPLETE_MULTIPART
          || (op == Operation.COPY_OBJECT && !s3 && status / 100 == 2))) {
        respBuffered = readLimited(rbody, buf);
        if (rewriteXml) {
          String xml = new String(respBuffered, StandardCharsets.UTF_8);
          xml = XMLNS.matcher(xml).replaceAll("");
          if (op == Operation.LIST_OBJECTS) {
            xml = xml.replace("<StorageClass>GLACIER</StorageClass>", "<StorageClass>Archive</StorageClass>");
          }
          respBuffered = xml.getBytes(StandardCharsets.UTF_8);
        }
        if (listing) {
          respBuffered = storageClasses.rewrite(bucket, respBuffered, "url".equals(query.get("encoding-type")));
        }
        if (emptied) {
          respBuffered = Replies.emptyListing(respBuffered);
        }
        if (malformed) {
          respBuffered = Arrays.copyOf(respBuffered, respBuffered.length / 2);
        }
      }
    } catch (IOException e) {
      be.close();
      record(pre.withStatus(502));
      Replies.sendPlain(out, 502, "backend failed: " + e.getClass().getSimpleName());
      return false;
    }

    // ---- CRC-64
    Long crcOut = null;
    if (!s3 && status / 100 == 2) {
      String bkKey = bucket + "\n" + key;
      switch (op) {
        case PUT_OBJECT:
          if (crc != null) {
            crcOut = crc.getValue();
            crcs.putObject(bkKey, new CrcBook.ObjectCrc(S3Names.normalizeEtag(rh.get("ETag")), crcOut));
          }
          break;
        case UPLOAD_PART:
          if (crc != null) {
            crcOut = crc.getValue();
            crcs.putPart(uploadId, partNumber, sent, crcOut);
          }
          break;
        case COMPLETE_MULTIPART: {
          String xml = respBuffered == null ? "" : new String(respBuffered, StandardCharsets.UTF_8);
          if (!xml.contains("<Error>")) {
            Matcher m = XML_ETAG.matcher(xml);
            String etag = m.find() ? S3Names.normalizeEtag(m.group(1)) : "";
            if (partsCrc != null) {
              crcOut = partsCrc;
              crcs.putObject(bkKey, new CrcBook.ObjectCrc(etag, crcOut));
            } else {
              CrcBook.ObjectCrc computed = computeObjectCrc(rawPath, bkKey);
              crcOut = computed == null ? null : computed.crc();
            }
            crcs.endUpload(uploadId);
          }
          break;
        }
        case HEAD_OBJECT:
        case GET_OBJECT: {
          String etag = S3Names.normalizeEtag(rh.get("ETag"));
          CrcBook.ObjectCrc cached = crcs.object(bkKey);
          if (cached != null && cached.etag().equals(etag)) {
            crcOut = cached.crc();
          } else {
            CrcBook.ObjectCrc computed = computeObjectCrc(rawPath, bkKey);
            if (computed != null && computed.etag().equals(etag)) {
              crcOut = computed.crc();
            }
          }
          break;
        }
        case COPY_OBJECT: {
          String xml = respBuffered == null ? "" : new String(respBuffered, StandardCharsets.UTF_8);
          if (!xml.contains("<Error>")) {
            Matcher m = XML_ETAG.matcher(xml);
            String etag = m.find() ? S3Names.normalizeEtag(m.group(1)) : "";
            String[] src = UriParts.bucketAndKey(UriParts.stripQuery(bh.get("x-amz-copy-source")));
            CrcBook.ObjectCrc source = crcs.object(src[0] + "\n" + src[1]);
            if (source != null && source.etag().equals(etag)) {
              crcOut = source.crc();
              crcs.putObject(bkKey, source);
            } else {
              CrcBook.ObjectCrc computed = computeObjectCrc(rawPath, bkKey);
              crcOut = computed == null ? null : computed.crc();
            }
          }
          break;
        }
        case ABORT_MULTIPART:
          crcs.endUpload(uploadId);
          break;
        case DELETE_OBJECT:
          crcs.forget(bkKey);
          break;
        default:
          break;
      }
    }
    if (!s3 && status / 100 == 2) {
      trackStorageClass(op, bucket + "\n" + key, rawPath, uploadId, bh, rh.get(SHIM_STORAGE_CLASS), respBuffered);
    }
    if (fault != null && fault.kind() == Fault.Kind.CORRUPT_CRC) {
      crcOut = crcOut == null ? 0x0DDBA11CAFEL : crcOut ^ 0x5A5A5A5AL;
    }
    if (fault != null && fault.kind() == Fault.Kind.OMIT_CRC) {
      crcOut = null;
      oh.remove(dialect.crcHeader());
    }
    if (fault != null && fault.kind() == Fault.Kind.OMIT_ETAG) {
      oh.remove("ETag");
    }
    if (crcOut != null) {
      oh.set(dialect.crcHeader(), Crc64.toUnsignedString(crcOut));
      if (op == Operation.COPY_OBJECT && dialect == Dialect.COS && respBuffered != null) {
        // COS returns a copy's CRC in the result body (cos_api reads CopyObjectResult/CRC64)
        String xml = new String(respBuffered, StandardCharsets.UTF_8);
        int end = xml.lastIndexOf("</CopyObjectResult>");
        if (end >= 0) {
          xml = xml.substring(0, end) + "<CRC64>" + Crc64.toUnsignedString(crcOut) + "</CRC64>"
              + xml.substring(end);
          respBuffered = xml.getBytes(StandardCharsets.UTF_8);
        }
      }
    }

    // ---- send the response
    boolean requestDone = bodyDone(body);
    boolean keepClient = !clientWantsClose && requestDone && !closed;
    boolean chunkToClient = false;
    if (noBody) {
      if (respLen >= 0) {
        oh.set("Content-Length", Long.toString(respLen));
      }
    } else if (respBuffered != null) {
      oh.set("Content-Length", Integer.toString(respBuffered.length));
    } else if (respLen >= 0) {
      oh.set("Content-Length", Long.toString(respLen));
    } else {
      oh.set("Transfer-Encoding", "chunked");
      chunkToClient = true;
    }
    if (!keepClient) {
      oh.set("Connection", "close");
    }
    StringBuilder sb = new StringBuilder(512);
    sb.append(statusLine.startsWith("HTTP/1.") ? "HTTP/1.1" + statusLine.substring(8) : statusLine)
        .append("\r\n");
    oh.writeTo(sb);
    sb.append("\r\n");
    Fault.Kind cut = fault == null || noBody ? null : fault.kind();
    if (cut == Fault.Kind.TRUNCATE_BODY || cut == Fault.Kind.RESET_DURING_BODY) {
      record(pre.withStatus(status));
      HttpIo.writeAscii(out, sb.toString());
      Replies.sendHalf(out, respBuffered, respBuffered != null ? respBuffered.length : respLen, rbody, buf);
      out.flush();
      be.close();
      if (cut == Fault.Kind.RESET_DURING_BODY) {
        Replies.reset(client);
      } else {
        client.shutdownOutput();
      }
      return false;
    }
    if (fault != null && fault.kind() == Fault.Kind.RESET_DURING_BODY) {
      // no body to cut: reset after the headers
      record(pre.withStatus(status));
      HttpIo.writeAscii(out, sb.toString());
      out.flush();
      be.close();
      Replies.reset(client);
      return false;
    }
    // logged before the client can see the answer, so a test that counts requests after a call returned sees it
    record(pre.withStatus(status));
    try {
      HttpIo.writeAscii(out, sb.toString());
      long perKiBNanos = fault != null && fault.kind() == Fault.Kind.SLOW_BODY ? fault.perKiB().toNanos() : -1;
      if (respBuffered != null) {
        Replies.writeBody(out, respBuffered, 0, respBuffered.length, perKiBNanos, false);
      } else if (!noBody) {
        OutputStream to = chunkToClient ? new HttpIo.ChunkedOut(out) : out;
        int r;
        while ((r = rbody.read(buf, 0, buf.length)) > 0) {
          Replies.writeBody(to, buf, 0, r, perKiBNanos, true);
        }
        if (chunkToClient) {
          ((HttpIo.ChunkedOut) to).finish();
        }
      }
      out.flush();
    } catch (IOException e) {
      be.close();
      throw e;
    }
    if (backendReusable) {
      release(be);
    } else {
      be.close();
    }
    return keepClient;
  }

  /** The copy source of a CopyObject or UploadPartCopy request as {@code /bucket/key}, else "". */
  private String copySourceOf(Operation op, boolean s3, Headers h) {
    if (op != Operation.COPY_OBJECT && op != Operation.UPLOAD_PART) {
      return "";
    }
    String dialectSource = s3 ? null : h.get(dialect.headerPrefix() + "copy-source");
    if (dialectSource != null) {
      return S3Names.s3CopySource(dialectSource);
    }
    String amz = h.get("x-amz-copy-source");
    return amz == null ? "" : amz.startsWith("/") ? amz : "/" + amz;
  }

  /** Remembers the dialect storage class an answered request gave or showed (see {@link ListedStorageClasses}). */
  private void trackStorageClass(Operation op, String bucketKey, String rawPath, String uploadId, Headers sent,
      String shownClass, byte[] respBody) {
    switch (op) {
      case PUT_OBJECT -> storageClasses.set(bucketKey, sent.get(SHIM_STORAGE_CLASS));
      case HEAD_OBJECT, GET_OBJECT -> storageClasses.set(bucketKey, shownClass);
      case INITIATE_MULTIPART -> {
        String xml = respBody == null ? "" : new String(respBody, StandardCharsets.UTF_8);
        Matcher m = UPLOAD_ID.matcher(xml);
        if (m.find()) {
          storageClasses.initiated(m.group(1).trim(), sent.get(SHIM_STORAGE_CLASS));
        }
      }
      case COMPLETE_MULTIPART -> storageClasses.uploadEnded(uploadId, bucketKey);
      case ABORT_MULTIPART -> storageClasses.uploadEnded(uploadId, null);
      case COPY_OBJECT -> {
        // COPY keeps the source's hidden metadata, REPLACE takes the request's: ask the backend what it stored
        storageClasses.remove(bucketKey);
        String stored = backendStorageClass(rawPath);
        if (stored != null) {
          storageClasses.set(bucketKey, stored.isEmpty() ? null : stored);
        }
      }
      case DELETE_OBJECT -> storageClasses.remove(bucketKey);
      default -> {
        // nothing to remember
      }
    }
  }

  /** The hidden storage class the backend stored for an object ("" for none), or null on any failure. */
  private String backendStorageClass(String rawPath) {
    Backend be = null;
    try {
      be = acquire();
      HttpIo.writeAscii(be.out, "HEAD " + rawPath + " HTTP/1.1\r\nHost: " + backendHost + ":" + backendPort
          + "\r\n\r\n");
      be.out.flush();
      String line = HttpIo.readLine(be.in);
      if (line == null) {
        be.close();
        return null;
      }
      int status = parseStatus(line);
      Headers rh = HttpIo.readHeaders(be.in);
      if ("close".equalsIgnoreCase(rh.get("Connection"))) {
        be.close();
      } else {
        release(be);
      }
      if (status != 200) {
        return null;
      }
      String c = rh.get(SHIM_STORAGE_CLASS);
      return c == null ? "" : c;
    } catch (IOException e) {
      if (be != null) {
        be.close();
      }
      return null;
    }
  }

  private static boolean bodyDone(InputStream body) {
    if (body instanceof HttpIo.FixedIn) {
      return ((HttpIo.FixedIn) body).done();
    }
    return body instanceof HttpIo.ChunkedIn && ((HttpIo.ChunkedIn) body).done();
  }

  private static byte[] readLimited(InputStream in, byte[] buf) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    int r;
    while ((r = in.read(buf, 0, buf.length)) > 0) {
      bos.write(buf, 0, r);
      if (bos.size() > MAX_BUFFERED_BODY) {
        throw new IOException("body larger than " + MAX_BUFFERED_BODY + " bytes where a small one was expected");
      }
    }
    return bos.toByteArray();
  }

  /** Reads the whole object from the backend to compute its CRC; null on any failure. */
  private CrcBook.ObjectCrc computeObjectCrc(String rawPath, String cacheKey) {
    Backend be = null;
    try {
      be = acquire();
      HttpIo.writeAscii(be.out, "GET " + rawPath + " HTTP/1.1\r\nHost: " + backendHost + ":" + backendPort
          + "\r\n\r\n");
      be.out.flush();
      String line = HttpIo.readLine(be.in);
      if (line == null) {
        be.close();
        return null;
      }
      int status = parseStatus(line);
      Headers rh = HttpIo.readHeaders(be.in);
      long len = HttpIo.contentLength(rh);
      boolean chunked = HttpIo.isChunked(rh);
      InputStream body = chunked ? new HttpIo.ChunkedIn(be.in)
          : len >= 0 ? new HttpIo.FixedIn(be.in, len) : be.in;
      long crc = Crc64.of(body);
      if ((chunked || len >= 0) && !"close".equalsIgnoreCase(rh.get("Connection"))) {
        release(be);
      } else {
        be.close();
      }
      if (status != 200) {
        return null;
      }
      CrcBook.ObjectCrc result = new CrcBook.ObjectCrc(S3Names.normalizeEtag(rh.get("ETag")), crc);
      crcs.putObject(cacheKey, result);
      return result;
    } catch (IOException e) {
      if (be != null) {
        be.close();
      }
      return null;
    }
  }

  private void sendFault(OutputStream out, String method, Fault fault, boolean s3, String bucket, String key,
      boolean keep) throws IOException {
    String requestId = "injected-" + requestIds.incrementAndGet();
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + Replies.escapeXml(fault.errorCode())
        + "</Code><Message>Injected fault: " + fault.status() + " " + Replies.escapeXml(fault.errorCode())
        + "</Message><Resource>" + Replies.escapeXml("/" + bucket + (key.isEmpty() ? "" : "/" + key))
        + "</Resource><RequestId>" + requestId + "</RequestId><TraceId>" + requestId + "</TraceId></Error>";
    byte[] bytes = method.equals("HEAD") ? new byte[0] : xml.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(256);
    sb.append("HTTP/1.1 ").append(fault.status()).append(' ').append(HttpIo.reason(fault.status()))
        .append("\r\n");
    sb.append("Content-Type: application/xml\r\n");
    sb.append("Content-Length: ").append(bytes.length).append("\r\n");
    sb.append(s3 ? "x-amz-" : dialect.headerPrefix()).append("request-id: ").append(requestId).append("\r\n");
    if (fault.retryAfter()) {
      sb.append("Retry-After: 1\r\n");
    }
    if (!keep) {
      sb.append("Connection: close\r\n");
    }
    sb.append("\r\n");
    HttpIo.writeAscii(out, sb.toString());
    out.write(bytes);
    out.flush();
  }

  private void record(RecordedRequest r) {
    synchronized (log) {
      if (log.size() >= MAX_RECORDED) {
        log.pollFirst();
      }
      log.addLast(r);
    }
  }

  private static int parseStatus(String statusLine) throws IOException {
    String[] p = statusLine.split(" ", 3);
    if (p.length < 2 || !p[0].startsWith("HTTP/")) {
      throw new IOException("malformed backend status line");
    }
    try {
      return Integer.parseInt(p[1]);
    } catch (NumberFormatException e) {
      throw new IOException("malformed backend status line", e);
    }
  }


}
