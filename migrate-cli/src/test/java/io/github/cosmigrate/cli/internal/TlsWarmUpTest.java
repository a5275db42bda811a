package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class TlsWarmUpTest {
  @Test
  void buildsTheDefaultTlsContextOnADaemonThread() throws Exception {
    Thread t = TlsWarmUp.start();
    assertThat(t.isDaemon()).as("must not hold up the JVM's exit").isTrue();
    assertThat(t.getName()).isEqualTo("cosmigrate-tls-warm-up");
    t.join(60_000);
    assertThat(t.isAlive()).as("finished").isFalse();
    assertThat(SSLContext.getDefault().getProtocol()).isEqualTo("Default");
  }
}
