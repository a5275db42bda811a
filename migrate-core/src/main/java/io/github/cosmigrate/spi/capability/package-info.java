/**
 * Optional capabilities as small mix-in interfaces. A plugin declares a capability by implementing the interface
 * (checked once with {@code instanceof}); a capability it lacks is absent, never a method that throws. Where a
 * declared capability cannot serve one particular call, it throws a {@code MigrateException} of kind
 * {@code UNSUPPORTED} and the engine falls back (for a range: one stream; for a copy: streaming).
 *
 * <h2>Server-side copy</h2>
 * When the sink is a {@link io.github.cosmigrate.spi.capability.ServerSideCopier} and the source an
 * {@link io.github.cosmigrate.spi.capability.ObjectLocator} that locates the object (both found through
 * {@code capability()}, so decorators do not hide them), the engine copies instead of streaming:
 * <ul>
 *   <li>the source is stat'ed first unless its listing carries metadata and a CRC-64, so that the copy is pinned
 *       to the current ETag, carries the metadata the streamed object would carry (the same mapping, provenance
 *       and defaults), and can be verified;</li>
 *   <li>an object up to {@code SinkLimits.maxSingleCopySize()} is one copy request; a larger one (at or above the
 *       multipart threshold) is a multipart upload whose parts, planned as for streaming, are copied in parallel,
 *       with the same checkpoints and resume;</li>
 *   <li>verified when the sink's CRC-64 of the copy equals the source's ({@code
 *       MigrationReport.VERIFIED_SERVER_SIDE_COPY}), {@code INTEGRITY_MISMATCH} (the copy deleted, the object
 *       retried) when they differ, unverifiable when either is unknown;</li>
 *   <li>an {@code UNSUPPORTED} from the copier (another account: 403 or 405) streams that object, and every later
 *       object of the run is streamed without trying to copy it.</li>
 * </ul>
 *
 * <h2>Reading back</h2>
 * A sink that is an {@link io.github.cosmigrate.spi.capability.ObjectReader} can be asked for what it stored: with
 * {@code VerifyMode.REREAD} the engine reads back every object the sink returned no checksum for, and compares its
 * CRC-64 with the source's ({@code MigrationReport.VERIFIED_CONTENT_REREAD}, or {@code INTEGRITY_MISMATCH}).
 *
 * <h2>Content transformed at the sink</h2>
 * A sink that is {@link io.github.cosmigrate.spi.capability.TransformsContent} (client-side encryption) stores other
 * bytes of the same length: the engine verifies by the CRC-64 of what it sent
 * ({@code MigrationReport.VERIFIED_SENT_CIPHERTEXT}), compares no source CRC-64 with it, never skips an object as
 * the same at the destination by CRC-64, and does not re-read it. The engine starts multipart uploads with
 * {@link io.github.cosmigrate.spi.Sink#initiateMultipart(String, io.github.cosmigrate.model.ObjectMetadata, long,
 * long)}, so that such a sink knows each part's offset.
 *
 * <h2>Probe</h2>
 * A sink or source that implements {@link io.github.cosmigrate.spi.capability.Probe} is probed once by the engine
 * before the first transfer; a {@code ConfigurationException} stops the run with the settings it names.
 */
package io.github.cosmigrate.spi.capability;
