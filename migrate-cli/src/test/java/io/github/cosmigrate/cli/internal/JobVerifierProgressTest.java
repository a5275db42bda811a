package io.github.cosmigrate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cosmigrate.api.MigrationOptions;
import io.github.cosmigrate.model.ObjectMetadata;
import io.github.cosmigrate.testkit.fakes.InMemorySink;
import io.github.cosmigrate.testkit.fakes.InMemorySource;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counts a verify run reports as its progress line agree with its result. */
class JobVerifierProgressTest {
  @Test
  void progressCountsWhatWasListedMatchedAndDiffered() throws Exception {
    InMemorySource source = InMemorySource.create();
    InMemorySink sink = new InMemorySink();
    for (int i = 0; i < 5; i++) {
      byte[] b = ("object " + i).getBytes();
      source.put("k" + i, b);
      if (i != 3) {
        sink.put("k" + i, new ByteArrayInputStream(b), b.length, ObjectMetadata.empty());
      }
    }
    List<JobVerifier.Difference> seen = new ArrayList<>();
    JobVerifier v = new JobVerifier(source, sink, MigrationOptions.builder().concurrency(2).build(), seen::add);
    assertThat(v.progress()).isEqualTo("listed 0, matched 0, differences 0, skipped 0");

    JobVerifier.Result r = v.run();

    assertThat(r.matched()).isEqualTo(4);
    assertThat(seen).extracting(JobVerifier.Difference::key).containsExactly("k3");
    assertThat(v.progress()).isEqualTo("listed 5, matched 4, differences 1, skipped 0");
  }
}
