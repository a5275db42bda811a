/**
 * {@code cos-migrate run}: the original tool's {@code config.ini}, not API. {@code IniFile} reads the file (ini4j's
 * dialect), {@code ConfigValues} puts the {@code -Dsection.key=value} overrides on top, {@code Keys} reads typed
 * values and records every bad one in {@code Problems} (all are reported at once; exit 2, nothing sent). The
 * translation table ({@code ConfigTranslation} with {@code CommonSection} and {@code SourceSections}) maps each key
 * onto the flag or credential variable of one existing migration command ({@code Translated}), so that each
 * setting keeps one implementation: the command's own parser checks the flags again and builds the job. Keys that
 * no longer make sense are accepted; where the original's behaviour was a bug, the correct behaviour runs and a
 * note says so once at start-up. {@code PassScheduler} runs passes inside the execution windows
 * ({@code TimeWindows}, which may cross midnight and span days) and, in daemon mode, again and again; its clock and
 * waits are injected.
 */
package io.github.cosmigrate.cli.internal.config;
