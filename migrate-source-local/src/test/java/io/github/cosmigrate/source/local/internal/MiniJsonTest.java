package io.github.cosmigrate.source.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MiniJsonTest {
  @Test
  void readsTheMemberAndSkipsOthers() {
    assertThat(MiniJson.stringMember("{\"a\":{\"key\":\"inner\"},\"b\":[1,\"]\",{}],\"key\":\"x\\\"y\\u00e9\\n\","
        + "\"c\":true,\"d\":null,\"e\":-1.5e3}", "key")).contains("x\"yé\n");
    assertThat(MiniJson.stringMember(" { } ", "key")).isEmpty();
    assertThat(MiniJson.stringMember("{\"key\":42}", "key")).isEmpty();
  }

  @Test
  void rejectsMalformedInput() {
    for (String bad : new String[] {"{", "{\"key\"", "{\"key\":\"x\"", "{\"key\":\"x\"} tail", "[1]",
        "{\"key\":\"\\q\"}", "{\"key\":}"}) {
      assertThatThrownBy(() -> MiniJson.stringMember(bad, "key")).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
