/**
 * Real protocol servers that run inside the caller's JVM: the tests' endpoints, the command line's {@code demo}
 * and {@code serve} back end, the benchmarks' destination. Not for production data (no TLS, no durability
 * promise, no access control beyond what {@code ObjectStoreServer.Auth} says). This module has no test
 * libraries (JUnit, AssertJ) on its class path, so a program may depend on it at run time; the conformance kits
 * live in {@code migrate-testkit}, which depends on this module.
 *
 * <h2>Contract shared by every server</h2>
 *
 * <ul>
 *   <li><b>Loopback only, port 0.</b> Every server binds {@code 127.0.0.1} (the loopback address) on a port the
 *       kernel picks; nothing listens on another interface, and there is no way to ask for a fixed port. Read the
 *       port from {@code port()} and the base address ({@code http://127.0.0.1:PORT}) from {@code endpoint()}
 *       ({@code baseUri()} for {@code RangeFileServer}) after the start.
 *   <li><b>Lifecycle.</b> A static factory ({@code ObjectStoreServer.startInMemory/startOnDisk}, {@code
 *       DialectProxy.start}, {@code RangeFileServer.serve}) returns a server that already accepts connections,
 *       or throws {@link java.io.IOException} (a bad argument: {@link java.lang.IllegalArgumentException}). Each
 *       server is an {@link java.lang.AutoCloseable}; {@code close()} stops accepting, drops open connections and
 *       is idempotent; a closed server cannot be restarted (start a new one, on a new port). Closing a {@code
 *       DialectProxy} does not close its backend: close the proxy first, then the backend. An on-disk {@code
 *       ObjectStoreServer} leaves its directory in place, and a new server over the same directory serves the
 *       same buckets and objects. Close every server you start: S3Proxy's Jetty threads may keep a JVM alive.
 *   <li><b>Threading.</b> All servers are thread-safe and serve many concurrent connections on their own
 *       threads (Jetty's pool for S3Proxy, capped by {@code jettyMaxThreads}; one daemon thread per client
 *       connection for {@code DialectProxy}; a daemon cached pool for {@code RangeFileServer}). Faults ({@code
 *       DialectProxy.faults()}, {@code RangeFileServer.failNext}) may be armed from any thread while clients
 *       run; {@code DialectProxy.requests()} returns a snapshot copy.
 * </ul>
 *
 * <h2>{@link io.github.cosmigrate.server.ObjectStoreServer}</h2>
 *
 * In-process S3Proxy 4.1.0, path-style, in memory ({@code startInMemory}) or on disk ({@code startOnDisk}, for
 * GiB objects). {@link io.github.cosmigrate.server.ObjectStoreServer.Auth#awsV4} checks SigV4 for real
 * (a wrong secret gets 403); {@code Auth.none()} accepts anything and is what a {@code DialectProxy} needs.
 * S3Proxy limits to remember: non-last multipart parts must be at least 5 MiB; no object tags; no {@code
 * GetObject?partNumber}. The first start in a JVM costs seconds, so share one server per test class and use a
 * fresh bucket per test.
 *
 * <h2>{@link io.github.cosmigrate.server.DialectProxy}</h2>
 *
 * A raw-socket HTTP/1.1 front (cos_api reads {@code Content-Length}, {@code Content-Type} and {@code ETag}
 * case-sensitively, so it re-cases standard header names) that makes the S3 server speak COS or OSS:
 *
 * <ul>
 *   <li>Requests: {@code x-cos-meta-*}/{@code x-oss-meta-*} become {@code x-amz-meta-*}; the dialect storage
 *       class and server-side-encryption values are kept in hidden metadata (so {@code ARCHIVE},
 *       {@code MAZ_STANDARD} survive) and returned as {@code x-cos-storage-class} / {@code
 *       x-cos-server-side-encryption} on HEAD and GET (COS storage classes upper-cased, as COS answers); {@code x-cos-copy-source} in any of the forms {@code
 *       bucket.cos.region.myqcloud.com/key}, {@code bucket.cos.local/key}, {@code /bucket/key} becomes {@code
 *       x-amz-copy-source: /bucket/key}; metadata directive ({@code Replaced}/{@code Copy} → {@code REPLACE}/{@code COPY}) and copy conditions/range are mapped; other dialect
 *       headers and the dialect {@code Authorization} are dropped. A form-urlencoded {@code Content-Type} is
 *       stored as octet-stream and restored on the way out (S3Proxy's Jetty would eat the body otherwise).
 *   <li>Responses to dialect requests: {@code x-amz-*} become {@code x-cos-*} ({@code x-oss-*}); a correct
 *       {@code x-cos-hash-crc64ecma} (CRC-64/XZ, unsigned decimal, see {@link io.github.cosmigrate.api.Crc64})
 *       on PutObject, UploadPart, CompleteMultipartUpload (combined from the parts' CRCs), CopyObject (also as
 *       {@code <CRC64>} in the COS copy result body), HEAD and GET (the
 *       whole object's CRC, also for a ranged GET). For OSS the S3 {@code xmlns} is stripped from XML bodies.
 *   <li>S3 requests (an AWS {@code Authorization} or any {@code x-amz-*} header) pass through untouched, so
 *       rclone and the AWS SDK (path-style) can use the same proxy; they get no CRC-64 header.
 *   <li>COS listings: a ListObjects answer shows in {@code <StorageClass>} the dialect class of every object
 *       this proxy instance saw written (PUT, Complete, Copy) or read (HEAD, GET), upper-cased as COS answers;
 *       objects seeded straight into the backend (or written through another proxy instance) show the backend's
 *       {@code STANDARD}. Keys of an {@code encoding-type=url} listing are as the backend encoded them (cos_api
 *       does not decode them).
 *   <li>Request log: {@link io.github.cosmigrate.server.DialectProxy#requests()} (capped at 200,000,
 *       oldest dropped), each with its operation, status and, for CopyObject and UploadPartCopy, its copy
 *       source ({@link io.github.cosmigrate.server.RecordedRequest#isCopy()}); faults:
 *       {@link io.github.cosmigrate.server.DialectProxy#faults()} (a predicate can single out copies;
 *       {@link io.github.cosmigrate.server.Fault#omitCrc()} answers without any CRC-64, as an endpoint that does
 *       not compute it). The fault kinds ({@link io.github.cosmigrate.server.Fault.Kind}): an error status (503
 *       with or without {@code Retry-After}), a reset before or in the middle of a body, a slow (trickling) or
 *       truncated response body, a wrong or missing CRC-64, a missing ETag, a 200 carrying an error document,
 *       and a listing with its entries removed. Each request also records how many requests were in flight when
 *       it arrived ({@link io.github.cosmigrate.server.RecordedRequest#concurrent()}).
 * </ul>
 *
 * <p>What differs by {@link io.github.cosmigrate.server.Dialect}: {@code COS} uses the {@code x-cos-} prefix,
 * answers {@code x-cos-hash-crc64ecma}, upper-cases storage classes and adds {@code <CRC64>} to the CopyObject
 * result; {@code OSS} uses {@code x-oss-}, answers {@code x-oss-hash-crc64ecma}, keeps storage classes as sent and
 * strips the S3 {@code xmlns} from XML response bodies (except object bodies); an object PUT in an OSS archive
 * class ({@code Archive}, {@code ColdArchive}, {@code DeepColdArchive}) is listed with {@code
 * <StorageClass>Archive</StorageClass>}, as OSS lists it (the exact class shows on HEAD and GET). Everything else above applies to
 * both.
 *
 * <p>cos_api is virtual-host only; point it at the proxy with the "pathres" configuration (the Host header
 * names the bucket, the URL carries it as the first path segment):
 *
 * <pre>{@code
 * ClientConfig cc = new ClientConfig(new Region("ap-guangzhou"));       // any non-null region
 * cc.setHttpProtocol(HttpProtocol.http);
 * cc.setEndpointBuilder(new EndpointBuilder() {                         // -> Host header
 *   public String buildGeneralApiEndpoint(String bucket) { return bucket + ".cos.local"; }
 *   public String buildGetServiceApiEndpoint() { return "cos.local"; }
 * });
 * cc.setEndpointResolver(new EndpointResolver() {                       // -> URL authority + "/bucket"
 *   public String resolveGeneralApiEndpoint(String ep) {
 *     return "127.0.0.1:" + proxy.port() + "/" + ep.substring(0, ep.indexOf('.'));
 *   }
 *   public String resolveGetServiceApiEndpoint(String ep) { return "127.0.0.1:" + proxy.port(); }
 * });
 * cc.setMaxErrorRetry(0);                                               // when a test wants to see faults
 * COSClient cos = new COSClient(new BasicCOSCredentials("ak", "sk"), cc);
 * }</pre>
 *
 * Bucket names look like {@code name-1250000000}. The OSS SDK uses {@code
 * new ClientBuilderConfiguration().setSLDEnabled(true)} with endpoint {@code http://127.0.0.1:PORT}; the AWS SDK
 * uses {@code forcePathStyle(true)}.
 *
 * <h2>{@link io.github.cosmigrate.server.RangeFileServer}</h2>
 *
 * JDK HTTP server for URL-list sources: full and single-range GETs, HEAD, 416, and 503 / truncation faults.
 *
 * <h2>Logging</h2>
 *
 * S3Proxy logs through slf4j; with logback and no configuration, logback logs Jetty at DEBUG, which floods the
 * console and slows large transfers several-fold. Whoever runs these servers (tests, demo, benchmarks) should
 * set {@code org.gaul} (S3Proxy and its shaded Jetty) to WARN, as this module's {@code logback-test.xml} does.
 *
 */
package io.github.cosmigrate.server;
