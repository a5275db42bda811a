package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosTargetTest {
  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "id", "COS_SECRET_KEY", "key");

  private static CosTarget target(String... extra) throws UsageException {
    List<String> args = new java.util.ArrayList<>(List.of("--bucket", "b-1250000000", "--region", "ap-guangzhou"));
    args.addAll(List.of(extra));
    return CosTarget.from(CliArgs.parse("test", args, CosTarget.FLAGS), ENV);
  }

  @Test
  void anAddressEndpointIsPathStyleWithoutTheSwitch() throws Exception {
    assertThat(target("--endpoint", "http://127.0.0.1:9000").pathStyle()).isTrue();
    assertThat(target("--endpoint", "http://localhost:9000").pathStyle()).isTrue();
    assertThat(target("--endpoint", "http://[::1]:9000").pathStyle()).isTrue();
  }

  @Test
  void aNamedEndpointKeepsVirtualHostStyleUnlessAsked() throws Exception {
    assertThat(target("--endpoint", "https://cos.example.com").pathStyle()).isFalse();
    assertThat(target("--endpoint", "https://cos.example.com", "--path-style").pathStyle()).isTrue();
    assertThat(target().pathStyle()).isFalse();
  }

  @Test
  void aBareHostNameMeansHttpsAndPlainHttpOnlyWhenGiven() throws Exception {
    assertThat(target("--endpoint", "cos.example.com").endpoint()).hasValue(java.net.URI.create(
        "https://cos.example.com"));
    assertThat(target("--endpoint", "127.0.0.1:9000").endpoint()).hasValue(java.net.URI.create(
        "https://127.0.0.1:9000"));
    assertThat(target("--endpoint", "http://127.0.0.1:9000").endpoint()).hasValue(java.net.URI.create(
        "http://127.0.0.1:9000"));
    assertThat(target().endpoint()).isEmpty();
  }

  @Test
  void theTargetPrintsRedacted() throws Exception {
    CosTarget t = CosTarget.from(CliArgs.parse("test", List.of("--bucket", "b-1250000000", "--region",
        "ap-guangzhou"), CosTarget.FLAGS),
        Map.of("COS_SECRET_ID", "AKIDvisible-id-4711", "COS_SECRET_KEY", "very-secret-key-0815", "COS_TOKEN",
            "session-token-1234"));
    assertThat(t.toString()).doesNotContain("very-secret-key-0815", "session-token-1234", "AKIDvisible-id-4711")
        .contains("b-1250000000");
  }
}
