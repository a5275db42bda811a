/**
 * What of a source object's metadata is sent to COS ({@link io.github.cosmigrate.internal.metadata.MetadataPolicy}).
 * Pure functions of their inputs, thread-safe. Not API.
 */
package io.github.cosmigrate.internal.metadata;
