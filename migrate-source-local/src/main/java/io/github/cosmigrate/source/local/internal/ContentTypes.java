package io.github.cosmigrate.source.local.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Guesses a Content-Type from a key's extension with a small built-in table; never reads file content. */
public final class ContentTypes {
  private ContentTypes() {}

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"), Map.entry("csv", "text/csv"),
      Map.entry("tsv", "text/tab-separated-values"), Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
      Map.entry("css", "text/css"), Map.entry("md", "text/markdown"), Map.entry("xml", "application/xml"),
      Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("json", "application/json"),
      Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"),
      Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"),
      Map.entry("tgz", "application/gzip"), Map.entry("bz2", "application/x-bzip2"), Map.entry("xz", "application/x-xz"),
      Map.entry("zst", "application/zstd"), Map.entry("tar", "application/x-tar"), Map.entry("7z", "application/x-7z-compressed"),
      Map.entry("jar", "application/java-archive"), Map.entry("wasm", "application/wasm"),
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
      Map.entry("ico", "image/x-icon"), Map.entry("bmp", "image/bmp"), Map.entry("tif", "image/tiff"),
      Map.entry("tiff", "image/tiff"), Map.entry("avif", "image/avif"), Map.entry("heic", "image/heic"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"),
      Map.entry("flac", "audio/flac"), Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"),
      Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("mov", "video/quicktime"),
      Map.entry("webm", "video/webm"), Map.entry("mkv", "video/x-matroska"), Map.entry("avi", "video/x-msvideo"),
      Map.entry("ts", "video/mp2t"), Map.entry("m3u8", "application/vnd.apple.mpegurl"),
      Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
      Map.entry("otf", "font/otf"), Map.entry("doc", "application/msword"),
      Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
      Map.entry("xls", "application/vnd.ms-excel"),
      Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      Map.entry("ppt", "application/vnd.ms-powerpoint"),
      Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
      Map.entry("apk", "application/vnd.android.package-archive"), Map.entry("bin", "application/octet-stream"),
      Map.entry("parquet", "application/vnd.apache.parquet"));

  /** The Content-Type for {@code key}'s extension, if the table knows it. */
  public static Optional<String> guess(String key) {
    int slash = key.lastIndexOf('/');
    int dot = key.lastIndexOf('.');
    if (dot <= slash + 1 || dot == key.length() - 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_EXTENSION.get(key.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }
}
