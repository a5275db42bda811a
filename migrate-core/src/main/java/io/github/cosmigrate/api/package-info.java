/**
 * The embeddable API: the migration engine's entry point, its handle, listener and report, and public
 * utilities such as {@link io.github.cosmigrate.api.Crc64}, {@link io.github.cosmigrate.api.JsonString} (the one
 * JSON string quoting of the library and CLI) and {@link io.github.cosmigrate.api.Uploads} (orphaned multipart
 * uploads).
 */
package io.github.cosmigrate.api;
