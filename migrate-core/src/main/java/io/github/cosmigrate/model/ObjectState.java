package io.github.cosmigrate.model;

/** The terminal states of a listed object. Every listed object ends in exactly one of them. */
public enum ObjectState {
  /** Sent to the sink (and verified, or recorded as unverifiable). */
  MIGRATED,
  /** Deliberately not sent, with a reason (unchanged since the last run, filtered, already at the destination). */
  SKIPPED,
  /** Not sent, with a reason; a later run tries it again. */
  FAILED
}
