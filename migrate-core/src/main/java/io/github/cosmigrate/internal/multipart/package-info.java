/** Multipart arithmetic: part planning from the sink's limits. Not API. */
package io.github.cosmigrate.internal.multipart;
