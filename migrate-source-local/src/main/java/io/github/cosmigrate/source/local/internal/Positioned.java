package io.github.cosmigrate.source.local.internal;

import io.github.cosmigrate.model.SourceEntry;

/**
 * One listed entry and the cursor token that resumes right after it.
 *
 * @param cursorAfter a token for {@link io.github.cosmigrate.model.ListCursor}: resuming from it yields exactly the
 *     entries after this one
 */
public record Positioned(SourceEntry entry, String cursorAfter) {}
