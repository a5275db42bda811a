/**
 * Implementation of the URL-list source; not an API. {@code ListFiles}, {@code LineReader}, {@code LineWalker} and
 * {@code LineParser} read and parse the list ({@code ListLine} is one usable line); {@code DuplicateIndex} finds
 * lines that repeat an earlier line's key; {@code KeyLocator} finds the line of a key; {@code UrlLister} builds
 * pages; {@code HttpFetcher} sends requests and follows redirects; {@code StreamingBody} is a response body with a
 * read-idle timeout; {@code UrlProbe} learns an object's size and validators; {@code UrlObjects} maps headers to
 * {@code ObjectInfo}s; {@code UrlErrors} maps failures to {@code MigrateException}s; {@code SafeUrl} parses URLs
 * and is the one redaction for showing them.
 */
package io.github.cosmigrate.source.url.internal;
