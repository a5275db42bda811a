package io.github.cosmigrate.server;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The faults a {@link DialectProxy} will inject. Thread-safe: tests arm it while clients run. Rules are tried in
 * the order they were added; the first armed rule whose predicate matches a request fires (and uses up one of
 * its {@code times}). The predicate sees the request before it is forwarded ({@link RecordedRequest#status()}
 * is 0) and runs on the proxy's connection thread, so it must be fast and must not throw.
 */
public final class FaultPlan {
  private static final class Rule {
    final Predicate<RecordedRequest> match;
    final Fault fault;
    int remaining;

    Rule(int remaining, Predicate<RecordedRequest> match, Fault fault) {
      this.remaining = remaining;
      this.match = match;
      this.fault = fault;
    }
  }

  private final List<Rule> rules = new ArrayList<>();

  FaultPlan() {}

  /** Injects {@code fault} into the next {@code times} requests that {@code match}. */
  public FaultPlan failNext(int times, Predicate<RecordedRequest> match, Fault fault) {
    if (times <= 0) {
      throw new IllegalArgumentException("times must be > 0, was " + times);
    }
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(fault, "fault");
    synchronized (rules) {
      rules.add(new Rule(times, match, fault));
    }
    return this;
  }

  /** Injects {@code fault} into the next {@code times} requests of any kind. */
  public FaultPlan failNext(int times, Fault fault) {
    return failNext(times, r -> true, fault);
  }

  /** Drops every rule, fired or not. */
  public void clear() {
    synchronized (rules) {
      rules.clear();
    }
  }

  /** How many injections are still armed, over all rules. */
  public int pending() {
    synchronized (rules) {
      int n = 0;
      for (Rule r : rules) {
        n += r.remaining;
      }
      return n;
    }
  }

  /** The fault to inject into this request, or null; consumes one use of the matching rule. */
  Fault take(RecordedRequest request) {
    synchronized (rules) {
      for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
        Rule r = it.next();
        if (r.match.test(request)) {
          Fault f = r.fault;
          if (--r.remaining <= 0) {
            it.remove();
          }
          return f;
        }
      }
      return null;
    }
  }
}
