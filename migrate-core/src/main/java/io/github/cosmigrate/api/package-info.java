/**
 * The embeddable API: the migration engine's entry point, its handle, listener and report, and public
 * utilities such as {@link io.github.cosmigrate.api.Crc64}, {@link io.github.cosmigrate.api.JsonString} (the one
 * JSON string quoting of the library and CLI) and {@link io.github.cosmigrate.api.Uploads} (orphaned multipart
 * uploads), and {@link io.github.cosmigrate.api.ManifestSource}, which lists a bucket from an inventory or a key
 * list instead of the store's listing.
 */
package io.github.cosmigrate.api;
