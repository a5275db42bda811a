package io.github.cosmigrate.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The headers and user metadata carried with an object. Absent headers are {@link Optional#empty()}.
 * User metadata keys are stored without any vendor prefix ({@code x-cos-meta-}, {@code x-amz-meta-}),
 * lower-cased, sorted.
 *
 * @param storageClass a sink-specific storage class name (for COS: STANDARD, STANDARD_IA, ARCHIVE, ...)
 * @param serverSideEncryption an SSE algorithm name (for COS: {@code AES256} means SSE-COS)
 */
public record ObjectMetadata(
    Optional<String> contentType,
    Optional<String> cacheControl,
    Optional<String> contentDisposition,
    Optional<String> contentEncoding,
    Optional<String> contentLanguage,
    Optional<String> expires,
    Map<String, String> userMetadata,
    Optional<String> storageClass,
    Optional<String> serverSideEncryption) {

  private static final ObjectMetadata EMPTY = new ObjectMetadata(Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
      Optional.empty());

  public ObjectMetadata {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(cacheControl, "cacheControl");
    Objects.requireNonNull(contentDisposition, "contentDisposition");
    Objects.requireNonNull(contentEncoding, "contentEncoding");
    Objects.requireNonNull(contentLanguage, "contentLanguage");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(storageClass, "storageClass");
    Objects.requireNonNull(serverSideEncryption, "serverSideEncryption");
    TreeMap<String, String> meta = new TreeMap<>();
    userMetadata.forEach((k, v) -> meta.put(k.toLowerCase(java.util.Locale.ROOT), Objects.requireNonNull(v, k)));
    userMetadata = java.util.Collections.unmodifiableMap(meta);
  }

  /**
   * True when {@code name} can be sent as a user-metadata name: a non-empty HTTP token (letters, digits and
   * {@code !#$%&'*+.^_`|~-}).
   */
  public static boolean isHeaderToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+.^_`|~-".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The index of the first character of a header value that HTTP/1.1 cannot carry unchanged (anything outside
   * printable ASCII and tab: the client sends ISO-8859-1 bytes, so a CJK character would arrive as '?'), or -1.
   */
  public static int unsendableCharAt(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c > 0x7e) {
        return i;
      }
    }
    return -1;
  }

  public static ObjectMetadata empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder(EMPTY);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builder for the wide metadata record. */
  public static final class Builder {
    private String contentType;
    private String cacheControl;
    private String contentDisposition;
    private String contentEncoding;
    private String contentLanguage;
    private String expires;
    private final TreeMap<String, String> userMetadata = new TreeMap<>();
    private String storageClass;
    private String serverSideEncryption;

    private Builder(ObjectMetadata m) {
      contentType = m.contentType.orElse(null);
      cacheControl = m.cacheControl.orElse(null);
      contentDisposition = m.contentDisposition.orElse(null);
      contentEncoding = m.contentEncoding.orElse(null);
      contentLanguage = m.contentLanguage.orElse(null);
      expires = m.expires.orElse(null);
      userMetadata.putAll(m.userMetadata);
      storageClass = m.storageClass.orElse(null);
      serverSideEncryption = m.serverSideEncryption.orElse(null);
    }

    public Builder contentType(String v) { contentType = v; return this; }
    public Builder cacheControl(String v) { cacheControl = v; return this; }
    public Builder contentDisposition(String v) { contentDisposition = v; return this; }
    public Builder contentEncoding(String v) { contentEncoding = v; return this; }
    public Builder contentLanguage(String v) { contentLanguage = v; return this; }
    public Builder expires(String v) { expires = v; return this; }
    public Builder putUserMetadata(String k, String v) { userMetadata.put(k, v); return this; }
    public Builder userMetadata(Map<String, String> m) { userMetadata.clear(); userMetadata.putAll(m); return this; }
    public Builder storageClass(String v) { storageClass = v; return this; }
    public Builder serverSideEncryption(String v) { serverSideEncryption = v; return this; }

    public ObjectMetadata build() {
      return new ObjectMetadata(Optional.ofNullable(contentType), Optional.ofNullable(cacheControl),
          Optional.ofNullable(contentDisposition), Optional.ofNullable(contentEncoding),
          Optional.ofNullable(contentLanguage), Optional.ofNullable(expires), userMetadata,
          Optional.ofNullable(storageClass), Optional.ofNullable(serverSideEncryption));
    }
  }
}
