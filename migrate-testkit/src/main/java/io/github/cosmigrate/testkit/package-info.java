/**
 * Conformance kits: abstract JUnit 5 classes that every plugin runs with a short subclass, e.g.
 * {@link io.github.cosmigrate.testkit.AbstractSinkContractTest}. A kit creates a fresh plugin per test through an
 * abstract factory hook, uses unique keys so a shared backend is fine, and cleans up what it created. Hooks for
 * what a backend cannot do are asserted both ways: a declared ability must work, and an undeclared one must
 * really be absent (so a declaration cannot silently go stale).
 */
package io.github.cosmigrate.testkit;
