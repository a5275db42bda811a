/**
 * The URL-list source: objects named by lists of URLs (a CDN origin, a web archive, a store without an S3 API),
 * read over HTTP(S) with the JDK's {@code java.net.http} client. Create it with
 * {@link io.github.cosmigrate.source.url.UrlSource#open} from a
 * {@link io.github.cosmigrate.source.url.UrlSourceConfig}, or through the provider of type {@code url}
 * ({@link io.github.cosmigrate.source.url.UrlSourceProvider}).
 *
 * <h2>The list</h2>
 * One list file, or a folder of them (its regular, non-hidden files, not subfolders, in name order), UTF-8, read
 * line by line in bounded memory (the list is never loaded whole). Each line is a URL, optionally followed by a TAB
 * and an explicit destination key:
 * <pre>
 * # comments and blank lines are ignored
 * https://cdn.example.com/photos/2024/a.jpg
 * https://cdn.example.com/download?id=7&amp;sig=...	photos/b.jpg
 * </pre>
 * A line that cannot be used (not an http(s) URL, user info in it, more than one TAB, no key to derive) becomes a
 * failed entry ({@code INVALID_INPUT}) whose key is {@code FILE:LINE} and whose reason names the file, the line and
 * what is wrong; the listing goes on. Spaces and non-ASCII characters in a URL's path are percent-encoded.
 *
 * <h2>Keys</h2>
 * The explicit key, else the URL's percent-decoded path without its leading {@code /}
 * ({@code https://h/photos/a%20b.jpg} is {@code photos/a b.jpg}); with {@code hostFirst}, the host (and a
 * non-default port) comes first ({@code h/photos/a b.jpg}). A path that is empty, ends in {@code /}, or has
 * {@code .}/{@code ..} segments needs an explicit key. The query never takes part in a key. When two lines map to
 * one key, the first owns it and the later one fails ({@code INVALID_INPUT}, key {@code FILE:LINE}) with both line
 * numbers. Duplicates are found before the first page, in one pass over the whole list with bounded memory: keys are
 * reduced to 128-bit hashes and, for lists beyond about 4 million bytes, spread over temporary partition files in
 * {@code tempDirectory} (24 bytes a line, deleted before the listing starts); only the duplicates found are kept
 * (16 bytes each).
 *
 * <h2>Listing and fingerprints</h2>
 * Each page reads up to {@code pageSize} lines and sends their HEADs in parallel ({@code headConcurrency}); a HEAD
 * that fails with a transient error or 429/503 is tried again up to {@code headAttempts} times in all, honouring
 * {@code Retry-After}. A server that refuses HEAD (403, 405, 501, as a URL signed for GET only does) or whose HEAD
 * has no {@code Content-Length} is asked for its first byte instead, and the {@code Content-Range} of the 206 gives
 * the size. A listed object carries the size, {@code Last-Modified}, {@code ETag} and the content headers
 * (Content-Type, Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires). Its fingerprint
 * is size, Last-Modified and ETag, so a rerun skips what is unchanged; a URL whose server sends neither validator
 * cannot be told apart from a changed one, so the engine never skips it as unchanged: it is sent again on every run
 * ({@link io.github.cosmigrate.model.SourceFingerprint#identifiesVersion()}). A 404/410 is
 * {@code NOT_FOUND}, 401/403 {@code ACCESS_DENIED}, a refused connection or a timeout {@code TRANSIENT}, each
 * failing that line only. The cursor names the list file, the line count and the byte offset, so it stays valid
 * after a restart; a cursor that no longer fits (a file renamed or edited) lists again from the start.
 *
 * <h2>Unknown sizes</h2>
 * A URL whose size neither HEAD ({@code Content-Length}) nor the first-byte range request ({@code Content-Range},
 * or the {@code Content-Length} of a 200 when the server ignores Range) reveals, such as a chunked response from a
 * server without Range support, is listed with {@link io.github.cosmigrate.model.ObjectInfo#UNKNOWN_SIZE}. The
 * engine then streams it from one GET: put whole when it ends within the first part, else as a multipart upload of
 * parts filled as they are read, its CRC-64 computed while reading and compared with the destination's. Such an
 * object is not resumable mid-way (a failure or a restart sends it again from its start), its fingerprint is its
 * Last-Modified and ETag (a server that sends neither leaves nothing to compare, so the URL is sent again on every
 * run), and ranges of it are refused
 * ({@code UNSUPPORTED}). A body sent
 * chunked is fine when the size is known from HEAD or Content-Range: its length is then checked while it is read.
 *
 * <h2>Reads</h2>
 * {@code open} is a GET; {@code openRange} a GET with {@code Range}, accepted only as a 206 whose
 * {@code Content-Range} is the range asked for. A server that answers a range request with 200 (it ignores Range)
 * gets the range refused with {@code UNSUPPORTED}, and the engine reads that object as one stream. Reads are pinned
 * ({@code pinsReads()} is true): a response whose size, ETag or Last-Modified differs from the listed ones fails
 * with {@code SOURCE_CHANGED}, and so does a body that ends early or runs long (for an object of known size). Bodies stream from the connection;
 * closing one early drops its connection.
 *
 * <h2>Redirects and timeouts</h2>
 * Redirects (301, 302, 303, 307, 308) are followed up to {@code maxRedirects} hops, never from https to http and
 * never back to a URL already visited (a loop); each of these fails that line with {@code INVALID_INPUT}.
 * {@code connectTimeout} bounds connecting; {@code readTimeout} bounds the wait for response headers and, as a
 * read-idle timeout, every wait for more body bytes, so a body that stalls or trickles fails ({@code TRANSIENT}).
 *
 * <h2>Secrets</h2>
 * Query strings (which often carry signatures) and user info never appear in keys, messages, logs or provenance:
 * every URL is shown through one redaction ({@code https://host/path?…}), and the causes attached to errors carry
 * no client message. {@link io.github.cosmigrate.spi.Source#provenance} gives a key's URL without its query
 * ({@code https://host/path}, for provenance metadata), {@link io.github.cosmigrate.source.url.UrlSource#display}
 * its redacted URL with its list line, for messages. ({@code ObjectInfo} has no field for a URL, so neither is
 * carried in it.)
 *
 * <h2>Threading and lifecycle</h2>
 * {@code list} has one caller at a time (it is also synchronised); {@code stat}, {@code open} and {@code openRange}
 * may be called from many threads. They find a key's URL among the {@code recentKeys} most recently listed, else by
 * reading the list from the start. {@code close()} is idempotent; bodies opened before it stay readable. The
 * source starts no threads of its own; the HTTP client runs its own small pool.
 */
package io.github.cosmigrate.source.url;
