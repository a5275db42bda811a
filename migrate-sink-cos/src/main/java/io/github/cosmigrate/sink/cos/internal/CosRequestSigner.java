package io.github.cosmigrate.sink.cos.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.qcloud.cos.auth.AnonymousCOSCredentials;
import com.qcloud.cos.auth.COSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.exception.CosClientException;
import com.qcloud.cos.http.HttpMethodName;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * cos_api's request signature ({@link COSSigner}: COS's "q-sign-algorithm=sha1" scheme), producing the same
 * {@code Authorization} for the same request, credentials and clock, at less cost: cos_api's signer looks up and
 * keys two new HMAC instances per request (a sixth of a small put's client CPU, JFR), this one keeps one per
 * thread, re-keys it only when the key changes, and derives the signing key once per second and secret (it
 * depends only on the secret and the key time). Percent-encoding is RFC 3986's, as cos_api's
 * {@code UrlEncoderUtils.encode}. Installed for every request of the sink's client
 * ({@link CosClients#create}); {@code CosRequestSignerTest} compares it with {@link COSSigner} case by case.
 *
 * <p>Not for cos_api's CI workflow requests (this project sends none). Thread-safe.
 */
final class CosRequestSigner extends COSSigner {
  private static final HexFormat HEX = HexFormat.of();

  /** One HMAC-SHA1 per thread with the key it was last initialised with. */
  private static final class Hmac {
    private final Mac mac;
    private String key;

    Hmac() {
      try {
        mac = Mac.getInstance("HmacSHA1");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK has no HmacSHA1", e);
      }
    }

    String hex(String key, String data) {
      try {
        if (!key.equals(this.key)) {
          mac.init(new SecretKeySpec(key.getBytes(UTF_8), "HmacSHA1"));
          this.key = key;
        }
        return HEX.formatHex(mac.doFinal(data.getBytes(UTF_8)));
      } catch (GeneralSecurityException e) {
        this.key = null;
        throw new IllegalStateException("HMAC-SHA1 failed", e);
      }
    }
  }

  private static final ThreadLocal<Hmac> HMAC = ThreadLocal.withInitial(Hmac::new);
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  });

  /** The last signing key: HMAC(secret, keyTime). Its {@code toString()} shows neither secret nor key. */
  private record SignKey(String secret, String keyTime, String hex) {
    @Override
    public String toString() {
      return "SignKey[keyTime=" + keyTime + "]";
    }
  }

  private volatile SignKey lastKey;

  @Override
  public String buildAuthorizationStr(HttpMethodName method, String resourcePath, Map<String, String> headers,
      Map<String, String> params, COSCredentials cred, Date startTime, Date expiredTime, Boolean signHost) {
    if (cred instanceof AnonymousCOSCredentials) {
      return null;
    }
    TreeMap<String, String> signedHeaders = new TreeMap<>();
    boolean hasHost = false;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      hasHost |= name.equals("host");
      if (needSignedHeader(name)) {
        put(signedHeaders, name, h.getValue());
      }
    }
    if (!hasHost && Boolean.TRUE.equals(signHost)) {
      throw new CosClientException("buildAuthorization missing header: host");
    }
    TreeMap<String, String> signedParams = new TreeMap<>();
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (p.getKey() != null) {
        put(signedParams, p.getKey(), p.getValue());
      }
    }
    String keyTime = (startTime.getTime() / 1000 + getLocalTimeDelta()) + ";"
        + (expiredTime.getTime() / 1000 + getLocalTimeDelta());
    String httpString = method.toString().toLowerCase(Locale.ROOT) + "\n" + resourcePath + "\n"
        + join(signedParams) + "\n" + join(signedHeaders) + "\n";
    String stringToSign = "sha1\n" + keyTime + "\n" + HEX.formatHex(SHA1.get().digest(httpString.getBytes(UTF_8)))
        + "\n";
    String signature = HMAC.get().hex(signKey(cred.getCOSSecretKey(), keyTime), stringToSign);
    return "q-sign-algorithm=sha1&q-ak=" + cred.getCOSAccessKeyId() + "&q-sign-time=" + keyTime + "&q-key-time="
        + keyTime + "&q-header-list=" + String.join(";", signedHeaders.keySet()) + "&q-url-param-list="
        + String.join(";", signedParams.keySet()) + "&q-signature=" + signature;
  }

  private String signKey(String secret, String keyTime) {
    SignKey k = lastKey;
    if (k == null || !k.keyTime().equals(keyTime) || !k.secret().equals(secret)) {
      k = new SignKey(secret, keyTime, HMAC.get().hex(secret, keyTime));
      lastKey = k;
    }
    return k.hex();
  }

  /** COSSigner's member rule: the key trimmed, encoded, lower-cased; the value trimmed and encoded. */
  private static void put(TreeMap<String, String> into, String key, String value) {
    into.put(encode(key.trim()).toLowerCase(Locale.ROOT), encode(value == null ? "" : value.trim()));
  }

  private static String join(TreeMap<String, String> m) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(e.getKey()).append('=').append(e.getValue());
    }
    return b.toString();
  }

  /** RFC 3986 percent-encoding of the UTF-8 bytes: all but ALPHA, DIGIT and "-._~"; upper-case hex. */
  static String encode(String s) {
    int i = 0;
    while (i < s.length() && unreserved(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (byte c : s.substring(i).getBytes(UTF_8)) {
      int v = c & 0xff;
      if (unreserved((char) v)) {
        out.append((char) v);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(v & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static boolean unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
  }
}
