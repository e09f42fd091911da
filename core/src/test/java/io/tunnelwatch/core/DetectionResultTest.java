// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DetectionResultTest {
  private static DetectionResult row() {
    return Detection.builder().build().evaluate(List.of(
        TestEvents.devtunnel("2024-04-23T08:48:30.999999Z", "ar-win-1"),
        TestEvents.devtunnel("2024-04-23T09:01:02.4493768Z", "ar-win-1"))).results().get(0);
  }

  @Test
  void row_hasTheTwentyFieldsThenCountAndTimes_inAStableOrder() {
    Map<String, Object> m = row().toRow();
    List<String> expected = new ArrayList<>();
    for (Field f : Field.values()) {
      expected.add(f.cimName());
    }
    expected.addAll(List.of("count", "firstTime", "lastTime"));
    assertThat(m.keySet()).containsExactlyElementsOf(expected);
    assertThat(m.get("count")).isEqualTo(2L);
  }

  @Test
  void times_areTruncatedToTheSecond_neverRounded() {
    Map<String, Object> m = row().toRow();
    assertThat(m.get("firstTime")).isEqualTo("2024-04-23T08:48:30");
    assertThat(m.get("lastTime")).isEqualTo("2024-04-23T09:01:02");
  }

  /** Issue 12, item 14: the year of era printed year 0 as 0001. */
  @Test
  void yearZero_isPrintedAsZero() {
    assertThat(DetectionResult.formatTime(java.time.Instant.parse("0000-06-01T12:00:00Z"), ZoneOffset.UTC))
        .isEqualTo("0000-06-01T12:00:00");
    assertThat(DetectionResult.formatTime(java.time.Instant.parse("9999-12-31T23:59:59Z"), ZoneOffset.UTC))
        .isEqualTo("9999-12-31T23:59:59");
  }

  @Test
  void times_renderInTheRequestedZone() {
    Map<String, Object> m = row().toRow(ZoneId.of("America/New_York"));
    assertThat(m.get("firstTime")).isEqualTo("2024-04-23T04:48:30");
    assertThat(row().toRow(ZoneOffset.ofHoursMinutes(5, 30)).get("lastTime")).isEqualTo("2024-04-23T14:31:02");
  }

  @Test
  void json_hasExactlyTheRowKeys_countAsANumber() throws Exception {
    var node = new ObjectMapper().readTree(row().toJson(ZoneOffset.UTC));
    assertThat(node.size()).isEqualTo(23);
    assertThat(node.get("count").isNumber()).isTrue();
    assertThat(node.get("process_name").asText()).isEqualTo("devtunnel.exe");
    assertThat(node.get("user_id").asText()).isEqualTo("null");
  }
}
