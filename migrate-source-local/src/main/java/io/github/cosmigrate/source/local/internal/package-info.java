/**
 * The local source's walk and reads, not API. {@code SafeTreeWalker} walks a tree depth first, lazily, in
 * segment-wise key order, with memory bounded by depth and the widest directory, and resumes from a key;
 * {@code FileListWalker} streams a list file instead (plain paths or the engine's JSONL failures file). Both yield
 * {@code Positioned} entries (an entry plus the cursor that resumes right after it) through {@code EntryIterator}.
 * {@code EntryClassifier} decides what one path is (object, skipped, failed, directory, vanished) and never lets a
 * bad entry (symlink loop, dangling link, unreadable or vanished file, undecodable name) stop the walk: it becomes
 * a failed or skipped entry with a reason ({@code Errors} maps file errors to error kinds). {@code Names} finds the
 * raw bytes of names that are not valid UTF-8 and renders them as {@code \xNN}; names are decoded with
 * {@code sun.jnu.encoding}, so the JVM must run under a UTF-8 locale. {@code ChannelInputStream} reads a file
 * or a range with positional reads and fails with {@code SOURCE_CHANGED} when the file shrank. Walkers are not
 * thread-safe (one listing each); the classifier and stateless helpers are.
 */
package io.github.cosmigrate.source.local.internal;
