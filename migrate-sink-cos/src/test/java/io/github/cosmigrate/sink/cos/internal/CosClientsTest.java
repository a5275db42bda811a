package io.github.cosmigrate.sink.cos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Host header (builder) and URL authority (resolver) for endpoint overrides. */
class CosClientsTest {

  @Test
  void pathStyleSendsTheEndpointsOwnHostAndAuthority() {
    CosClients.Endpoint ep = new CosClients.Endpoint(URI.create("http://127.0.0.1:9000"), true);
    String host = ep.buildGeneralApiEndpoint("mig-1250000000");
    assertThat(host).isEqualTo("127.0.0.1:9000");
    assertThat(ep.resolveGeneralApiEndpoint(host)).isEqualTo("127.0.0.1:9000");
    assertThat(ep.resolveGetServiceApiEndpoint(ep.buildGetServiceApiEndpoint())).isEqualTo("127.0.0.1:9000");

    CosClients.Endpoint named = new CosClients.Endpoint(URI.create("https://cos.example.com/base/"), true);
    String h = named.buildGeneralApiEndpoint("mig-1250000000");
    assertThat(h).isEqualTo("cos.example.com");
    assertThat(named.resolveGeneralApiEndpoint(h)).isEqualTo("cos.example.com/base");
  }

  @Test
  void copySourcesNameTheBucketInTheHostPartInBothStyles() {
    CosClients.CopySource literal =
        new CosClients.CopySource(new CosClients.Endpoint(URI.create("http://127.0.0.1:9000"), true));
    assertThat(literal.buildGeneralApiEndpoint("src-1250000000")).isEqualTo("src-1250000000.cos.local");
    CosClients.CopySource vhost =
        new CosClients.CopySource(new CosClients.Endpoint(URI.create("https://cos.private.example:8443"), false));
    assertThat(vhost.buildGeneralApiEndpoint("src-1250000000")).isEqualTo("src-1250000000.cos.private.example:8443");
  }

  @Test
  void virtualHostStylePrefixesTheBucketUnlessTheHostAlreadyNamesIt() {
    CosClients.Endpoint ep = new CosClients.Endpoint(URI.create("https://cos.private.example:8443"), false);
    String host = ep.buildGeneralApiEndpoint("mig-1250000000");
    assertThat(host).isEqualTo("mig-1250000000.cos.private.example:8443");
    assertThat(ep.resolveGeneralApiEndpoint(host)).isEqualTo(host);

    CosClients.Endpoint custom = new CosClients.Endpoint(URI.create("https://mig-1250000000.files.example"), false);
    assertThat(custom.buildGeneralApiEndpoint("mig-1250000000")).isEqualTo("mig-1250000000.files.example");
  }
}
