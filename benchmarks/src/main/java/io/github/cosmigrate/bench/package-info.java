/**
 * Whole-engine runs that are not JMH benchmarks, each a {@code main} with its own "how to run" block: {@link
 * io.github.cosmigrate.bench.BoundedHeapRun} (millions of lazily generated objects under a small heap, to show that
 * memory does not grow with the number of objects), {@link io.github.cosmigrate.bench.LocalToCosRun} (a local
 * directory into an in-process COS-dialect server with a RocksDB ledger, then a rerun) and {@link
 * io.github.cosmigrate.bench.CosPutTransportRun} (the client CPU of a small put on two transports). They print
 * reports; they assert nothing and are not part of the test suite. Not API.
 */
package io.github.cosmigrate.bench;
