/**
 * The migration engine (see {@link io.github.cosmigrate.internal.pipeline.Pipeline}). Not API.
 *
 * <p><b>Resumable listing.</b> {@link io.github.cosmigrate.internal.pipeline.ListingWatermark} saves the listing
 * position only up to the low watermark: every object listed before it is terminal in the ledger (migrated, skipped
 * or failed), so a kill at any moment loses nothing and a rerun of an unfinished pass continues from it. The rule
 * for failures: the saved position never passes a page that holds a failure of the current pass, so a rerun lists
 * again from the first such page and retries every failed object (the migrated ones around it are skipped as
 * unchanged). A pass whose listing ended and whose objects all settled is recorded finished, failures or not, and the
 * next run starts a new pass from the start, which retries them as well.
 */
package io.github.cosmigrate.internal.pipeline;
