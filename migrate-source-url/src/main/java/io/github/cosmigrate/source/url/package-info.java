/**
 * The url source plugin. This module is part of the build from the start so that the module layout is
 * fixed; its Source implementation arrives with its own issue and must pass the Source contract kit in
 * {@code migrate-testkit} like every other source.
 */
package io.github.cosmigrate.source.url;
