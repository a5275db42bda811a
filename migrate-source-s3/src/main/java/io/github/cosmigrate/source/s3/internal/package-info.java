/**
 * Implementation of the S3 source; not an API. {@code S3Clients} builds the SDK client, {@code S3Lister} pages
 * ListObjectsV2 with {@code StartAfter} cursors, {@code S3Objects} maps listings and responses to
 * {@link io.github.cosmigrate.model.ObjectInfo}s, {@code Archive} decides which storage classes need a restore,
 * {@code S3Errors} is the one mapping from SDK errors to {@link io.github.cosmigrate.error.MigrateException}s,
 * {@code ResponseBody} is the SDK side of a {@link io.github.cosmigrate.spi.CheckedBody} (length checked, leased
 * from the source's {@link io.github.cosmigrate.spi.ClientLeases}, aborted when closed before its end). None of
 * them is thread-safe; they are used under the source's own rules.
 */
package io.github.cosmigrate.source.s3.internal;
