package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cosmigrate.sink.cos.CosSinkProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --proxy}, {@code --traffic-limit} and {@code --sdk-puts} reach the COS sink's settings; a bad value names its
 * flag.
 */
class CosTargetSinkSettingsTest {
  @TempDir
  Path tmp;

  private static final Map<String, String> ENV = Map.of("COS_SECRET_ID", "id", "COS_SECRET_KEY", "key");

  private MigrationJob parse(String... extra) throws UsageException {
    List<String> args = new java.util.ArrayList<>(List.of("--source", tmp.toString(), "--bucket", "b-1250000000",
        "--region", "ap-guangzhou", "--ledger", tmp.resolveSibling(tmp.getFileName() + "-ledger").toString()));
    args.addAll(List.of(extra));
    return LocalCommand.INSTANCE.parse(args, ENV);
  }

  @Test
  void theFlagsBecomeSinkSettings() throws Exception {
    MigrationJob job = parse("--proxy", "proxy.local:3128", "--traffic-limit", "819200");
    assertThat(Plugins.cosSettings(job.target(), 16)).containsEntry(CosSinkProvider.PROXY, "proxy.local:3128")
        .containsEntry(CosSinkProvider.TRAFFIC_LIMIT, "819200");
    assertThat(Plugins.cosSettings(parse().target(), 16)).doesNotContainKey(CosSinkProvider.PROXY)
        .containsEntry(CosSinkProvider.TRAFFIC_LIMIT, "0");
  }

  @Test
  void sdkPutsTurnsTheSinksOwnPutsOff() throws Exception {
    CosSinkProvider provider = new CosSinkProvider(name -> null);
    Map<String, String> off = Plugins.cosSettings(parse("--sdk-puts").target(), 16);
    assertThat(off).containsEntry(CosSinkProvider.DIRECT_PUTS, "false");
    assertThat(provider.config(provider.bind(off)).directPuts()).isFalse();
    Map<String, String> on = Plugins.cosSettings(parse().target(), 16);
    assertThat(provider.config(provider.bind(on)).directPuts()).isTrue();
  }

  @Test
  void badValuesNameTheirFlag() throws Exception {
    assertThatThrownBy(() -> parse("--traffic-limit", "lots")).hasMessageContaining("--traffic-limit");
    MigrationJob outOfRange = parse("--traffic-limit", "100");
    assertThatThrownBy(() -> Plugins.cosSink(outOfRange.target(), 16)).isInstanceOf(UsageException.class)
        .hasMessageContaining("819200");
    MigrationJob noPort = parse("--proxy", "proxy.local");
    assertThatThrownBy(() -> Plugins.cosSink(noPort.target(), 16)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--proxy").hasMessageContaining("host:port");
  }
}
