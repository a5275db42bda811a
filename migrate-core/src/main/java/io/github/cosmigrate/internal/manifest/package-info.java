/**
 * The reading of manifests for {@link io.github.cosmigrate.api.ManifestSource}: lines streamed from a plain or
 * gzip file ({@link io.github.cosmigrate.internal.manifest.ManifestLines}), inventory CSV rows
 * ({@link io.github.cosmigrate.internal.manifest.CsvFields}, {@link io.github.cosmigrate.internal.manifest.ManifestSchema},
 * {@link io.github.cosmigrate.internal.manifest.InventoryRows}) and their URL-encoded keys
 * ({@link io.github.cosmigrate.internal.manifest.FormDecoding}). Nothing here holds more than one line.
 */
package io.github.cosmigrate.internal.manifest;
