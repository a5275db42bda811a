/**
 * Immutable value types shared by the SPIs and the API. All are records (or enums) that validate their
 * arguments in the constructor; absence is {@link java.util.Optional}, never {@code null}. They are safe to
 * share between threads. Keys are strings: source keys are relative ({@code a/b.txt}, {@code /} separators,
 * no leading slash), destination keys are full keys in the sink.
 */
package io.github.cosmigrate.model;
