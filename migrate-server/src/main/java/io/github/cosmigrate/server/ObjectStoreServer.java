package io.github.cosmigrate.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * An in-process S3 server (S3Proxy 4.1.0) on {@code 127.0.0.1}, port 0. The in-memory flavour keeps objects on the
 * heap (keep them small); the on-disk flavour writes under a directory and suits GiB-sized objects.
 *
 * <p>The first start in a JVM costs seconds (class loading); later starts cost milliseconds. Share one instance
 * per test class. Thread-safe; {@link #close()} is idempotent.
 */
public final class ObjectStoreServer implements AutoCloseable {
  /** Default Jetty thread cap: enough for 64 concurrent clients plus Jetty's own acceptor/selector threads. */
  public static final int DEFAULT_MAX_THREADS = 256;

  /**
   * How clients authenticate.
   *
   * @param type {@code NONE} or {@code AWS_V4}
   * @param accessKey the access key ({@code null} for none)
   * @param secretKey the secret key ({@code null} for none)
   */
  public record Auth(Type type, String accessKey, String secretKey) {
    /** Authentication schemes. */
    public enum Type {
      NONE,
      AWS_V4
    }

    public Auth {
      Objects.requireNonNull(type, "type");
      if (type == Type.AWS_V4 && (accessKey == null || secretKey == null)) {
        throw new IllegalArgumentException("AWS_V4 auth needs an access key and a secret key");
      }
    }

    /** No authentication: any request is accepted (needed behind a {@link DialectProxy}). */
    public static Auth none() {
      return new Auth(Type.NONE, null, null);
    }

    /** AWS Signature V4 with these keys; a request signed with another secret gets 403. */
    public static Auth awsV4(String accessKey, String secretKey) {
      return new Auth(Type.AWS_V4, accessKey, secretKey);
    }

    @Override
    public String toString() {
      return type == Type.NONE ? "Auth[NONE]" : "Auth[AWS_V4 accessKey=" + accessKey + "]";
    }
  }

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final Auth auth;
  private final URI endpoint;
  private volatile boolean closed;

  private ObjectStoreServer(BlobStore blobStore, Auth auth, int maxThreads) throws IOException {
    this(blobStore, auth, maxThreads, null);
  }

  private ObjectStoreServer(BlobStore blobStore, Auth auth, int maxThreads, String virtualHost) throws IOException {
    this.blobStore = blobStore;
    this.auth = Objects.requireNonNull(auth, "auth");
    AuthenticationType type =
        auth.type() == Auth.Type.NONE ? AuthenticationType.NONE : AuthenticationType.AWS_V4;
    S3Proxy.Builder builder =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(type, auth.accessKey(), auth.secretKey())
            .ignoreUnknownHeaders(true)
            .jettyMaxThreads(maxThreads);
    if (virtualHost != null) {
      builder.virtualHost(virtualHost);
    }
    S3Proxy p = builder.build();
    try {
      p.start();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!"STARTED".equals(p.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IOException("S3Proxy did not start within 60 s (state " + p.getState() + ")");
        }
        Thread.sleep(1);
      }
    } catch (IOException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting S3Proxy", e);
    } catch (Exception e) {
      throw new IOException("S3Proxy failed to start: " + e, e);
    }
    this.proxy = p;
    this.endpoint = URI.create("http://127.0.0.1:" + p.getPort());
  }

  /** Starts a server whose objects live on the heap (S3Proxy's TransientNio2BlobStore). */
  public static ObjectStoreServer startInMemory(Auth auth) throws IOException {
    return startInMemory(auth, DEFAULT_MAX_THREADS);
  }

  /** As {@link #startInMemory(Auth)}, with a Jetty thread cap. */
  public static ObjectStoreServer startInMemory(Auth auth, int jettyMaxThreads) throws IOException {
    return new ObjectStoreServer(new TransientNio2BlobStore(), auth, jettyMaxThreads);
  }

  /**
   * Starts an in-memory server that routes by the Host header, as many S3-compatible stores do (S3Proxy's
   * {@code s3proxy.virtual-host}): a request whose Host (port ignored) is {@code virtualHost} is path style
   * ({@code /bucket/key}); one whose Host is {@code <bucket>.<virtualHost>} names its bucket there and its key in
   * the whole path; any other Host is taken whole as the bucket name (S3Proxy 4.1.0). Pass {@code "127.0.0.1"}
   * so that clients of {@link #endpoint()} are path style. Behind a {@link DialectProxy} use {@link
   * DialectProxy#startForwardingHost}, or every request reaches it with the proxy's backend Host.
   */
  public static ObjectStoreServer startInMemoryRoutingByHost(Auth auth, String virtualHost) throws IOException {
    Objects.requireNonNull(virtualHost, "virtualHost");
    return new ObjectStoreServer(new TransientNio2BlobStore(), auth, DEFAULT_MAX_THREADS, virtualHost);
  }

  /** As {@link #startInMemoryRoutingByHost}, storing objects as files under {@code dir}. */
  public static ObjectStoreServer startOnDiskRoutingByHost(Path dir, Auth auth, String virtualHost)
      throws IOException {
    Objects.requireNonNull(virtualHost, "virtualHost");
    Files.createDirectories(dir);
    return new ObjectStoreServer(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()), auth,
        DEFAULT_MAX_THREADS, virtualHost);
  }

  /** Starts a server storing objects as files under {@code dir} (created if missing; not deleted on close). */
  public static ObjectStoreServer startOnDisk(Path dir, Auth auth) throws IOException {
    return startOnDisk(dir, auth, DEFAULT_MAX_THREADS);
  }

  /** As {@link #startOnDisk(Path, Auth)}, with a Jetty thread cap. */
  public static ObjectStoreServer startOnDisk(Path dir, Auth auth, int jettyMaxThreads) throws IOException {
    Files.createDirectories(dir);
    return new ObjectStoreServer(
        new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()), auth, jettyMaxThreads);
  }

  /** {@code http://127.0.0.1:PORT} (path-style: buckets are the first path segment). */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return endpoint.getPort();
  }

  public Auth auth() {
    return auth;
  }

  /** Creates a bucket directly in the blob store (no HTTP, no auth); a no-op if it exists. */
  public void createBucket(String bucket) {
    if (!blobStore.containerExists(bucket)) {
      blobStore.createContainer(bucket);
    }
  }

  /**
   * Stores an object directly in the blob store (no HTTP, no auth): fast seeding of many small objects. User
   * metadata keys are given without prefix ({@code "origin"} is served as {@code x-amz-meta-origin}).
   */
  public void putObject(String bucket, String key, byte[] data, Map<String, String> userMetadata) {
    PutObjectRequest req = PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) data.length)
        .metadata(userMetadata).build();
    blobStore.putBlob(req, new ByteArrayInputStream(data));
  }

  /** As {@link #putObject(String, String, byte[], Map)} without user metadata. */
  public void putObject(String bucket, String key, byte[] data) {
    putObject(bucket, key, data, Map.of());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy on " + endpoint + " failed to stop: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "ObjectStoreServer[" + endpoint + ", " + auth + "]";
  }
}
