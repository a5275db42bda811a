package io.github.cosmigrate.source.url.internal;

import java.net.URI;
import java.util.Objects;

/**
 * One usable line of a list: where it is, the URL it names and the key it maps to.
 *
 * @param file the list file's name as shown in messages
 * @param fileIndex the file's position in the list's file order
 * @param lineNo the 1-based line number in that file
 * @param url the full URL, query included: sent in requests, never shown (use {@link #display()})
 * @param key the source key: explicit, or derived from the URL's path
 */
public record ListLine(String file, int fileIndex, long lineNo, URI url, String key) {
  public ListLine {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(key, "key");
  }

  /** The URL as it may be shown: no query, no user info. */
  public String display() {
    return SafeUrl.display(url);
  }

  /** {@code urls.txt line 12}. */
  public String where() {
    return file + " line " + lineNo;
  }

  /** Never the URL's query. */
  @Override
  public String toString() {
    return where() + " " + display() + " -> " + key;
  }
}
