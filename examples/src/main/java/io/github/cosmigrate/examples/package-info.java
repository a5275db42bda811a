/**
 * Numbered, narrated examples of the embeddable API, each a {@code main} with a "HOW TO RUN" block and no cloud
 * account needed (an in-process COS-compatible server on 127.0.0.1): {@link
 * io.github.cosmigrate.examples.Example01_LocalDirToCos} (migrate, then rerun and see everything skipped) and
 * {@link io.github.cosmigrate.examples.Example02_FailuresAreData} (bad entries end failed with reasons while the
 * rest migrates; a listener and the failures file). Examples, not API: copy them, do not depend on them.
 */
package io.github.cosmigrate.examples;
