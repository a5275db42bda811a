/**
 * The embeddable API: the migration engine's entry point, its handle, listener and report, and public
 * utilities such as {@link io.github.cosmigrate.api.Crc64} and {@link io.github.cosmigrate.api.Uploads} (orphaned
 * multipart uploads).
 */
package io.github.cosmigrate.api;
