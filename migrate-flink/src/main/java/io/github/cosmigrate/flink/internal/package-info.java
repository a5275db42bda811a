/**
 * The Flink operators of a migration job: the listing as a FLIP-27 source ({@link
 * io.github.cosmigrate.flink.internal.ListingSource}: an enumerator that lists the job's source page by page into
 * splits and keeps its cursor and unassigned pages in its checkpoint, readers that emit their pages' entries), the
 * transfer workers ({@link io.github.cosmigrate.flink.internal.TransferFunction}) and the report ({@link
 * io.github.cosmigrate.flink.internal.ReportOperator}). Not API.
 */
package io.github.cosmigrate.flink.internal;
