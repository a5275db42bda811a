package io.github.cosmigrate.server;

/** The object-store dialect a {@link DialectProxy} speaks to its clients. */
public enum Dialect {
  /** Tencent COS: {@code x-cos-*} headers, {@code x-cos-hash-crc64ecma}. */
  COS("x-cos-"),
  /** Aliyun OSS: {@code x-oss-*} headers, {@code x-oss-hash-crc64ecma}, XML without the S3 namespace. */
  OSS("x-oss-");

  private final String headerPrefix;

  Dialect(String headerPrefix) {
    this.headerPrefix = headerPrefix;
  }

  /** The lower-case header prefix, e.g. {@code "x-cos-"}. */
  public String headerPrefix() {
    return headerPrefix;
  }

  /** The CRC-64 response header name, e.g. {@code x-cos-hash-crc64ecma}. */
  public String crcHeader() {
    return headerPrefix + "hash-crc64ecma";
  }
}
