// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class EventTimeTest {
  @Test
  void parse_readsTheRenderingsOfTheCorpus() {
    assertThat(EventTime.parse("2019-07-29 21:32:55.535")).isEqualTo(Instant.parse("2019-07-29T21:32:55.535Z"));
    assertThat(EventTime.parse("2019-07-29T21:32:55.5836660Z")).isEqualTo(Instant.parse("2019-07-29T21:32:55.583666Z"));
    assertThat(EventTime.parse("2020-10-08T11:03:46.617920300Z")).isEqualTo(Instant.parse("2020-10-08T11:03:46.6179203Z"));
    assertThat(EventTime.parse("2016-09-20 19:15:40.252930")).isEqualTo(Instant.parse("2016-09-20T19:15:40.25293Z"));
  }

  @Test
  void parse_acceptsZeroToNineFractionDigits_withOrWithoutZ() {
    assertThat(EventTime.parse("2024-02-29T23:59:59")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    assertThat(EventTime.parse("2024-02-29 23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    assertThat(EventTime.parse("2024-02-29T23:59:59.1")).isEqualTo(Instant.parse("2024-02-29T23:59:59.1Z"));
    assertThat(EventTime.parse("2024-02-29T23:59:59.000000001Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.000000001Z"));
    assertThat(EventTime.parse("1969-12-31T23:59:59.9Z")).isEqualTo(Instant.parse("1969-12-31T23:59:59.9Z"));
  }

  @Test
  void parse_givesNull_forAnythingElse() {
    for (String bad : new String[] {
      "", "2024-02-29", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
      "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z",
      "2024-01-01T00:00:00+01:00", "2024-01-01X00:00:00", "2024/01/01 00:00:00", "2024-01-01T00:00:00ZZ",
      "+2024-01-01T00:00:00", "2024-01-01T00:00:0a", "2024-01-01T00:00:00.12a", "٢٠٢٤-01-01T00:00:00",
    }) {
      assertThat(EventTime.parse(bad)).as(bad).isNull();
    }
    assertThat(EventTime.parse(null)).isNull();
  }
}
