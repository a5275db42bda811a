/**
 * Implementation of the S3 source; not an API. {@code S3Clients} builds the SDK client, {@code S3Lister} pages
 * ListObjectsV2 with {@code StartAfter} cursors, {@code S3Objects} maps listings and responses to
 * {@link io.github.cosmigrate.model.ObjectInfo}s, {@code Archive} decides which storage classes need a restore,
 * {@code S3Errors} is the one mapping from SDK errors to {@link io.github.cosmigrate.error.MigrateException}s,
 * {@code ResponseBody} keeps a stream readable until closed (leased from the source's
 * {@link io.github.cosmigrate.spi.ClientLeases}) and aborts an unfinished one. None of them is thread-safe; they are
 * used under the source's own rules.
 */
package io.github.cosmigrate.source.s3.internal;
