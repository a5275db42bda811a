package io.github.cosmigrate.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the OSS signature V1 of requests, as Aliyun OSS does: {@code Authorization: OSS <AccessKeyId>:<sig>}
 * where {@code sig = base64(HMAC-SHA1(secret, VERB \n Content-MD5 \n Content-Type \n Date \n
 * CanonicalizedOSSHeaders CanonicalizedResource))}. The OSS headers are the {@code x-oss-*} headers, lower-cased,
 * sorted, as {@code name:value\n}; the resource is {@code /bucket/key} (decoded) followed by the signed
 * sub-resources of the query (those in the SDK's list, sorted, {@code name} or {@code name=value}, decoded). This
 * is what {@code aliyun-sdk-oss} 3.18.5 sends by default ({@code ClientConfiguration.DEFAULT_SIGNATURE_VERSION
 * = V1}). Also checked: a {@code Date} within 15 minutes, the access key id, and the STS token when one is
 * required. Presigned URLs and signature V4 are refused. Thread-safe and immutable.
 *
 * <p>A rejection answers like OSS: 403 with an XML {@code Error} (Code, Message, RequestId, HostId, and for a
 * bad signature also {@code OSSAccessKeyId}, {@code SignatureProvided} and {@code StringToSign}, as real OSS
 * does), and for a HEAD the same XML base64-encoded in {@code x-oss-err}.
 */
public final class OssSignatureVerifier {
  /** What OSS tolerates between the request's Date and its clock. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);

  /** The query parameters that are part of the canonical resource (aliyun-sdk-oss 3.18.5 SignParameters). */
  static final Set<String> SIGNED_PARAMETERS = Set.of("acl", "uploads", "location", "cors", "logging", "website",
      "referer", "lifecycle", "delete", "append", "tagging", "objectMeta", "uploadId", "partNumber",
      "security-token", "position", "response-cache-control", "response-content-disposition",
      "response-content-encoding", "response-content-language", "response-content-type", "response-expires",
      "img", "style", "styleName", "replication", "replicationProgress", "replicationLocation", "cname",
      "bucketInfo", "comp", "qos", "live", "status", "vod", "startTime", "endTime", "x-oss-process",
      "processConfiguration", "symlink", "stat", "udf", "udfName", "udfImage", "udfImageDesc", "udfApplication",
      "udfApplicationLog", "restore", "versions", "versioning", "versionId", "encryption", "policy",
      "requestPayment", "x-oss-traffic-limit", "qosInfo", "asyncFetch", "sequential", "x-oss-request-payer",
      "vpcip", "vip", "inventory", "inventoryId", "continuation-token", "worm", "wormId", "wormExtend",
      "callback", "callback-var", "x-oss-dir", "x-oss-rename", "x-oss-delete", "transferAcceleration",
      "x-oss-ac-source-ip", "x-oss-ac-subnet-mask", "x-oss-ac-vpc-id", "x-oss-ac-forward-allow", "metaQuery",
      "resourceGroup", "regionList", "x-oss-async-process", "x-oss-write-get-object-response",
      "bucketArchiveDirectRead", "httpsConfig", "publicAccessBlock", "policyStatus", "redundancyTransition",
      "x-oss-target-redundancy-type", "x-oss-redundancy-transition-taskid", "accessPoint", "accessPointPolicy",
      "seal");

  private static final AtomicLong REQUEST_IDS = new AtomicLong();

  /** A refused request: the status and the OSS error it is answered with. */
  public record Rejection(int status, String code, String xml) {
    public Rejection {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(xml, "xml");
    }

    /** The whole HTTP response: an XML body, or for HEAD no body and the XML base64-encoded in x-oss-err. */
    byte[] httpResponse(boolean head, boolean keepAlive) {
      byte[] body = xml.getBytes(StandardCharsets.UTF_8);
      StringBuilder sb = new StringBuilder(256);
      sb.append("HTTP/1.1 ").append(status).append(' ').append(HttpIo.reason(status)).append("\r\n");
      sb.append("Content-Type: application/xml\r\n");
      sb.append("Content-Length: ").append(head ? 0 : body.length).append("\r\n");
      sb.append("x-oss-request-id: ").append(requestId()).append("\r\n");
      if (head) {
        sb.append("x-oss-err: ").append(Base64.getEncoder().encodeToString(body)).append("\r\n");
      }
      if (!keepAlive) {
        sb.append("Connection: close\r\n");
      }
      sb.append("\r\n");
      byte[] headBytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
      if (head) {
        return headBytes;
      }
      byte[] all = new byte[headBytes.length + body.length];
      System.arraycopy(headBytes, 0, all, 0, headBytes.length);
      System.arraycopy(body, 0, all, headBytes.length, body.length);
      return all;
    }

    private String requestId() {
      int s = xml.indexOf("<RequestId>");
      int e = xml.indexOf("</RequestId>");
      return s >= 0 && e > s ? xml.substring(s + 11, e) : "";
    }
  }

  private final String accessKeyId;
  private final String secret;
  private final Optional<String> securityToken;

  private OssSignatureVerifier(String accessKeyId, String secret, Optional<String> securityToken) {
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.secret = Objects.requireNonNull(secret, "secret");
    this.securityToken = Objects.requireNonNull(securityToken, "securityToken");
  }

  /** Accepts only requests signed with this key pair. */
  public static OssSignatureVerifier of(String accessKeyId, String secret) {
    return new OssSignatureVerifier(accessKeyId, secret, Optional.empty());
  }

  /** Also requires {@code x-oss-security-token: token} (temporary credentials). */
  public OssSignatureVerifier withSecurityToken(String token) {
    return new OssSignatureVerifier(accessKeyId, secret, Optional.of(token));
  }

  /**
   * Checks one request; null when it is correctly signed.
   *
   * @param rawPath the request path as sent ({@code /bucket/key}, percent-encoded)
   * @param rawQuery the query as sent, without {@code ?}, possibly empty
   */
  Rejection check(String method, String rawPath, String rawQuery, Headers h) {
    String[] bk = UriParts.bucketAndKey(rawPath);
    String resource = bk[0].isEmpty() ? "/" : "/" + bk[0] + "/" + bk[1];
    List<String[]> query = query(rawQuery);
    for (String[] q : query) {
      if (q[0].equals("Signature") || q[0].equals("OSSAccessKeyId") || q[0].startsWith("x-oss-signature")) {
        return reject("AccessDenied", "This test server verifies header signatures only (no presigned URLs).",
            resource, Map.of());
      }
    }
    String auth = h.get("Authorization");
    if (auth == null) {
      return reject("AccessDenied", "You have no right to access this object because of bucket acl.", resource,
          Map.of());
    }
    if (!auth.startsWith("OSS ") || auth.indexOf(':') < 0) {
      return reject("InvalidArgument", "Authorization header is invalid (this server checks OSS signature V1:"
          + " 'OSS AccessKeyId:Signature').", resource, Map.of());
    }
    String credential = auth.substring(4).trim();
    int colon = credential.lastIndexOf(':');
    String id = credential.substring(0, colon);
    String provided = credential.substring(colon + 1);
    if (!id.equals(accessKeyId)) {
      return reject("InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.",
          resource, Map.of("OSSAccessKeyId", id));
    }
    String date = h.get("Date");
    if (date == null) {
      return reject("AccessDenied", "Missing Date header in the request.", resource, Map.of());
    }
    try {
      Instant when = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      if (Duration.between(when, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
        return reject("RequestTimeTooSkewed", "The difference between the request time and the current time is"
            + " too large.", resource, Map.of("RequestTime", date, "ServerTime", Instant.now().toString()));
      }
    } catch (DateTimeParseException e) {
      return reject("AccessDenied", "Invalid Date header.", resource, Map.of());
    }
    String stringToSign = stringToSign(method, resource, query, h);
    String expected = sign(secret, stringToSign);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), provided.getBytes(StandardCharsets.UTF_8))) {
      Map<String, String> extra = new TreeMap<>();
      extra.put("OSSAccessKeyId", id);
      extra.put("SignatureProvided", provided);
      extra.put("StringToSign", stringToSign);
      return reject("SignatureDoesNotMatch", "The request signature we calculated does not match the signature"
          + " you provided. Check your key and signing method.", resource, extra);
    }
    if (securityToken.isPresent() && !securityToken.get().equals(utf8(h.get("x-oss-security-token")))) {
      return reject("InvalidSecurityToken", "The security token you provided is invalid.", resource, Map.of());
    }
    return null;
  }

  /** The V1 string to sign of a request, as the SDK builds it. */
  static String stringToSign(String method, String resource, List<String[]> query, Headers h) {
    TreeMap<String, String> signed = new TreeMap<>();
    signed.put("content-md5", "");
    signed.put("content-type", "");
    for (String[] e : h.entries()) {
      String lower = e[0].toLowerCase(Locale.ROOT);
      if (lower.equals("content-md5") || lower.equals("content-type") || lower.equals("date")
          || lower.startsWith("x-oss-")) {
        signed.put(lower, utf8(e[1]).trim());
      }
    }
    StringBuilder sb = new StringBuilder(method).append('\n');
    for (Map.Entry<String, String> e : signed.entrySet()) {
      if (e.getKey().startsWith("x-oss-")) {
        sb.append(e.getKey()).append(':');
      }
      sb.append(e.getValue()).append('\n');
    }
    sb.append(resource);
    TreeMap<String, String> sub = new TreeMap<>();
    for (String[] q : query) {
      if (SIGNED_PARAMETERS.contains(q[0])) {
        sub.putIfAbsent(q[0], q[1]);
      }
    }
    char sep = '?';
    for (Map.Entry<String, String> e : sub.entrySet()) {
      sb.append(sep).append(e.getKey());
      if (e.getValue() != null) {
        sb.append('=').append(e.getValue());
      }
      sep = '&';
    }
    return sb.toString();
  }

  static String sign(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  /** Decoded {@code name, value} pairs; value null for a name without {@code =}. */
  private static List<String[]> query(String rawQuery) {
    List<String[]> out = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = UriParts.percentDecode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? null : UriParts.percentDecode(pair.substring(eq + 1));
      out.add(new String[] {name, value});
    }
    return out;
  }

  /** Header values arrive as ISO-8859-1 chars; the SDK signed the UTF-8 text they encode. */
  private static String utf8(String isoValue) {
    return isoValue == null ? null
        : new String(isoValue.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private static Rejection reject(String code, String message, String resource, Map<String, String> extra) {
    String id = String.format("sigcheck-%08d", REQUEST_IDS.incrementAndGet());
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n");
    x.append("  <Code>").append(code).append("</Code>\n");
    x.append("  <Message>").append(escape(message)).append("</Message>\n");
    x.append("  <RequestId>").append(id).append("</RequestId>\n");
    x.append("  <HostId>127.0.0.1</HostId>\n");
    extra.forEach((k, v) -> x.append("  <").append(k).append('>').append(escape(v)).append("</").append(k)
        .append(">\n"));
    x.append("  <Resource>").append(escape(resource)).append("</Resource>\n");
    x.append("</Error>\n");
    return new Rejection(403, code, x.toString());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public String toString() {
    return "OssSignatureVerifier[V1, accessKeyId=" + accessKeyId + ", secret=****"
        + (securityToken.isPresent() ? ", securityToken=****" : "") + "]";
  }
}
