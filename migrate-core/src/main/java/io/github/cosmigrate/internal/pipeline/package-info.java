/** The migration engine (see {@link io.github.cosmigrate.internal.pipeline.Pipeline}). Not API. */
package io.github.cosmigrate.internal.pipeline;
