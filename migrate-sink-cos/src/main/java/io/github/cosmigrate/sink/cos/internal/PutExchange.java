package io.github.cosmigrate.sink.cos.internal;

import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.Headers;
import com.qcloud.cos.exception.CosClientException;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.http.CosHttpRequest;
import com.qcloud.cos.http.CosHttpResponse;
import com.qcloud.cos.internal.CosErrorResponseHandler;
import com.qcloud.cos.internal.CosServiceRequest;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.UploadPartRequest;
import com.qcloud.cos.utils.CodecUtils;
import com.qcloud.cos.utils.ExceptionUtils;
import com.qcloud.cos.utils.UrlEncoderUtils;
import io.github.cosmigrate.sink.cos.CosSinkConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;
import org.slf4j.LoggerFactory;

/**
 * Sends the two requests that carry a body, PUT Object and Upload Part, itself instead of through cos_api's
 * {@code putObject}/{@code uploadPart}: the request is built and signed by cos_api ({@code createRequest}, its
 * metadata headers, {@code COSSigner}), so URL, Host, headers and signature are cos_api's, and it is sent on an
 * Apache HttpClient 4 of its own with the same timeouts, proxy and TLS defaults. What it leaves out is cos_api's
 * per-request machinery around the exchange (stream wrappers, progress, retry and preflight bookkeeping, its
 * response unmarshalling), about a third of the client CPU of a small put, and the body goes to the socket in
 * 64 KiB writes instead of 4 KiB ones. Error answers are read by cos_api's own {@link CosErrorResponseHandler} and
 * network errors wrapped as cos_api wraps them, so that {@link CosErrors} maps both as before.
 *
 * <p>cos_api's client-side MD5 check is kept as cos_api does it: unless the system property
 * {@value #MD5_OFF_PROPERTY} is {@code true}, the body's MD5 is computed on the way and compared with the ETag
 * of the answer (when the ETag is a plain MD5: not for server-side encryption with KMS or customer keys, whose
 * ETags are not). A mismatch is a {@link CosClientException} with cos_api's message, which {@link CosErrors} maps
 * to {@code INTEGRITY_MISMATCH}.
 *
 * <p>Never retries (a body is the caller's stream; the engine retries with a fresh one). Thread-safe; one
 * connection pool of {@link CosSinkConfig#maxConnections()}. Never logs.
 */
final class PutExchange implements BodySender {
  /** cos_api's switch for its client-side MD5 check of put and part bodies. */
  public static final String MD5_OFF_PROPERTY = "com.Qcloud.services.cos.disablePutObjectMD5Validation";
  private static final int CHUNK = 64 * 1024;
  /** The logger whose level cos_api reports in {@code x-cos-sdk-log-debug}. */
  private static final org.slf4j.Logger COS_HTTP_LOG =
      LoggerFactory.getLogger(com.qcloud.cos.http.DefaultCosHttpClient.class);

  private final CosClients.SinkClient client;
  private final String bucket;
  private final int trafficLimit;
  private final ClientConfig cc;
  private final CloseableHttpClient http;
  private final RequestConfig requestConfig;
  private final CosErrorResponseHandler errors = new CosErrorResponseHandler();

  private PutExchange(CosSinkConfig config, CosClients.SinkClient client, CloseableHttpClient http,
      RequestConfig requestConfig) {
    this.client = client;
    this.bucket = config.bucket();
    this.trafficLimit = (int) config.trafficLimit();
    this.cc = client.getClientConfig();
    this.http = http;
    this.requestConfig = requestConfig;
  }

  /** An exchange for {@code config}, building and signing its requests with {@code client}. Does no I/O. */
  static PutExchange create(CosSinkConfig config, CosClients.SinkClient client) {
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(
        RegistryBuilder.<ConnectionSocketFactory>create()
            .register("http", PlainConnectionSocketFactory.getSocketFactory())
            .register("https", new LazyTls()).build());
    pool.setMaxTotal(config.maxConnections());
    pool.setDefaultMaxPerRoute(config.maxConnections());
    // a pooled connection idle for longer is checked before reuse (a server may have closed it meanwhile: a body
    // sent on it would fail); a busy run reuses connections within milliseconds and skips the check
    pool.setValidateAfterInactivity(200);
    int connect = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
    int socket = (int) Math.min(Integer.MAX_VALUE, config.socketTimeout().toMillis());
    RequestConfig rc = RequestConfig.custom().setContentCompressionEnabled(false).setRedirectsEnabled(false)
        .setConnectTimeout(connect).setSocketTimeout(socket).setConnectionRequestTimeout(socket).build();
    var builder = HttpClients.custom().setConnectionManager(pool).setDefaultRequestConfig(rc)
        .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().disableAuthCaching()
        .disableConnectionState().disableContentCompression()
        .evictIdleConnections(60, TimeUnit.SECONDS);
    config.proxy().ifPresent(p -> builder.setProxy(new HttpHost(p.getHostString(), p.getPort())));
    return new PutExchange(config, client, builder.build(), rc);
  }

  @Override
  public Stored put(String key, com.qcloud.cos.model.ObjectMetadata metadata, InputStream body, long length) {
    PutObjectRequest original = new PutObjectRequest(bucket, key, (InputStream) null, metadata);
    CosHttpRequest<PutObjectRequest> r = client.put(bucket, key, original, metadata);
    boolean md5 = md5Wanted() && metadata.getSSECOSKmsKeyId() == null
        && !"cos/kms".equalsIgnoreCase(metadata.getSSEAlgorithm());
    return send(r, body, length, md5);
  }

  @Override
  public Stored uploadPart(String key, String uploadId, int partNumber, InputStream body, long length) {
    UploadPartRequest original = new UploadPartRequest().withBucketName(bucket).withKey(key)
        .withUploadId(uploadId).withPartNumber(partNumber).withPartSize(length);
    com.qcloud.cos.model.ObjectMetadata none = new com.qcloud.cos.model.ObjectMetadata();
    CosHttpRequest<UploadPartRequest> r = client.put(bucket, key, original, none);
    r.addParameter("uploadId", uploadId);
    r.addParameter("partNumber", Integer.toString(partNumber));
    r.addHeader(Headers.CONTENT_LENGTH, Long.toString(length));
    return send(r, body, length, md5Wanted());
  }

  private static boolean md5Wanted() {
    String v = System.getProperty(MD5_OFF_PROPERTY);
    return v == null || v.equalsIgnoreCase("false");
  }

  private <X extends CosServiceRequest> Stored send(CosHttpRequest<X> r, InputStream body, long length,
      boolean md5) {
    if (Thread.interrupted()) {
      throw new CosClientException("operation has been interrupted!"); // as cos_api says it
    }
    if (trafficLimit > 0) {
      r.addHeader(Headers.COS_TRAFFIC_LIMIT, String.valueOf(trafficLimit));
    }
    r.addHeader(Headers.CONTENT_LENGTH, Long.toString(length));
    cc.getCosSigner().sign(r, client.credentials(),
        new Date(System.currentTimeMillis() + cc.getSignExpired() * 1000));
    HttpPut put = new HttpPut(uri(r));
    for (Map.Entry<String, String> h : r.getHeaders().entrySet()) {
      if (!h.getKey().equals(Headers.CONTENT_LENGTH)) {
        put.addHeader(h.getKey(), CodecUtils.convertFromUtf8ToIso88591(h.getValue()));
      }
    }
    if (cc.isAddLogDebugHeader()) {
      put.addHeader(Headers.SDK_LOG_DEBUG, COS_HTTP_LOG.isDebugEnabled() ? "on" : "off");
    }
    put.setConfig(requestConfig);
    Body entity = new Body(body, length, md5);
    put.setEntity(entity);
    HttpContext context = HttpClientContext.create();
    try (CloseableHttpResponse response = http.execute(put, context)) {
      int status = response.getStatusLine().getStatusCode();
      if (status / 100 != 2) {
        throw serviceError(r, put, response);
      }
      Stored stored = new Stored(header(response, Headers.ETAG), header(response, Headers.COS_HASH_CRC64_ECMA),
          header(response, Headers.COS_VERSION_ID));
      EntityUtils.consume(response.getEntity());
      if (md5) {
        checkMd5(entity, stored.etag(), response);
      }
      return stored;
    } catch (IOException e) {
      put.abort();
      throw ExceptionUtils.createClientException(e);
    }
  }

  /** cos_api's URL: scheme, endpoint, the encoded resource path and query ({@code DefaultCosHttpClient.buildUri}). */
  private static String uri(CosHttpRequest<?> r) {
    StringBuilder url = new StringBuilder(128).append(r.getProtocol().toString()).append("://")
        .append(r.getEndpoint()).append(UrlEncoderUtils.encodeUrlPath(r.getResourcePath()));
    char sep = '?';
    for (Map.Entry<String, String> p : r.getParameters().entrySet()) {
      url.append(sep).append(UrlEncoderUtils.encode(p.getKey()));
      if (p.getValue() != null) {
        url.append('=').append(UrlEncoderUtils.encode(p.getValue()));
      }
      sep = '&';
    }
    return url.toString();
  }

  private static String header(CloseableHttpResponse response, String name) {
    Header h = response.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }

  /** The error answer as cos_api reads it ({@code DefaultCosHttpClient.handlerErrorMessage}). */
  private RuntimeException serviceError(CosHttpRequest<?> r, HttpPut put, CloseableHttpResponse response)
      throws IOException {
    int status = response.getStatusLine().getStatusCode();
    String reason = response.getStatusLine().getReasonPhrase();
    try {
      CosHttpResponse res = new CosHttpResponse(r, put);
      HttpEntity entity = response.getEntity();
      if (entity != null) {
        res.setContent(entity.getContent());
      }
      res.setStatusCode(status);
      res.setStatusText(reason);
      for (Header h : response.getAllHeaders()) {
        res.addHeader(h.getName(), CodecUtils.convertFromIso88591ToUtf8(h.getValue()));
      }
      CosServiceException e;
      try {
        e = errors.handle(res);
      } catch (Exception unreadable) {
        if (status == 413 || status == 503) {
          e = new CosServiceException(status == 413 ? "Request entity too large" : "Service unavailable");
          e.setErrorType(status == 413 ? CosServiceException.ErrorType.Client : CosServiceException.ErrorType.Service);
          e.setErrorCode(e.getErrorMessage());
        } else {
          return new CosClientException("Unable to unmarshall error response (" + unreadable.getMessage()
              + "). Response Code: " + status + ", Response Text: " + reason, unreadable);
        }
      }
      e.setStatusCode(status);
      return e;
    } finally {
      put.abort(); // as cos_api: the connection of an error answer is not reused
    }
  }

  private static void checkMd5(Body entity, String etag, CloseableHttpResponse response) {
    String e = etag == null ? "" : etag.replace("\"", "").toLowerCase(Locale.ROOT);
    boolean plainMd5 = e.length() == 32 && e.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    if (!plainMd5 || response.getFirstHeader(Headers.SERVER_SIDE_ENCRYPTION_CUSTOMER_ALGORITHM) != null) {
      return; // not an MD5 of the body: cos_api skips these too
    }
    String sent = HexFormat.of().formatHex(entity.md5());
    if (!sent.equals(e)) {
      throw new CosClientException("Unable to verify integrity of data upload.  Client calculated content hash"
          + " (contentMD5: " + sent + " in hex) didn't match hash (etag: " + e + " in hex) calculated by COS.");
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }

  /** Exactly {@code length} bytes of the caller's stream, in chunks of up to {@value #CHUNK} bytes; sent once. */
  private static final class Body extends AbstractHttpEntity {
    private final InputStream in;
    private final long length;
    private final MessageDigest md5;

    Body(InputStream in, long length, boolean md5) {
      this.in = in;
      this.length = length;
      try {
        this.md5 = md5 ? MessageDigest.getInstance("MD5") : null;
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no MD5", e);
      }
    }

    byte[] md5() {
      return md5.digest();
    }

    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    public long getContentLength() {
      return length;
    }

    @Override
    public InputStream getContent() {
      throw new UnsupportedOperationException("a request body is written, not read");
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      byte[] buf = new byte[(int) Math.max(1, Math.min(CHUNK, length))];
      long left = length;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException("the body ended " + left + " bytes early");
        }
        if (md5 != null) {
          md5.update(buf, 0, n);
        }
        out.write(buf, 0, n);
        left -= n;
      }
    }

    @Override
    public boolean isStreaming() {
      return false;
    }
  }

  /** TLS set up on the first https connection only: a plain-http run never loads the CA store for this pool. */
  private static final class LazyTls implements LayeredConnectionSocketFactory {
    private volatile SSLConnectionSocketFactory tls;

    private SSLConnectionSocketFactory tls() {
      SSLConnectionSocketFactory t = tls;
      if (t == null) {
        synchronized (this) {
          if (tls == null) {
            tls = SSLConnectionSocketFactory.getSocketFactory();
          }
          t = tls;
        }
      }
      return t;
    }

    @Override
    public Socket createSocket(HttpContext context) throws IOException {
      return tls().createSocket(context);
    }

    @Override
    public Socket connectSocket(int connectTimeout, Socket sock, HttpHost host, InetSocketAddress remoteAddress,
        InetSocketAddress localAddress, HttpContext context) throws IOException {
      return tls().connectSocket(connectTimeout, sock, host, remoteAddress, localAddress, context);
    }

    @Override
    public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context)
        throws IOException {
      return tls().createLayeredSocket(socket, target, port, context); // https through a proxy's tunnel
    }
  }
}
