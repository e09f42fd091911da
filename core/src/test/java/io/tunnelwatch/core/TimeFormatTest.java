// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.core.tck.Seeds;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
final class TimeFormatTest {
  private static final Instant T = Instant.parse("2024-04-23T08:48:30.4493768Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void splunk_isTheDetectionsOwnRendering() {
    assertThat(TimeFormat.SPLUNK.format(T, PARIS)).isEqualTo("2024-04-23T10:48:30");
  }

  @Test
  void rfc3339_hasTheZonesOffset_andEveryFractionalDigit() {
    assertThat(TimeFormat.RFC3339.format(T, PARIS)).isEqualTo("2024-04-23T10:48:30.4493768+02:00");
    assertThat(TimeFormat.RFC3339.format(T, ZoneOffset.UTC)).isEqualTo("2024-04-23T08:48:30.4493768Z");
    assertThat(TimeFormat.RFC3339.format(Instant.parse("2024-01-01T00:00:00Z"), PARIS))
        .as("no fraction when there is none; winter offset").isEqualTo("2024-01-01T01:00:00+01:00");
    assertThat(TimeFormat.RFC3339.format(Instant.parse("2024-01-01T00:00:00.120Z"), ZoneOffset.UTC))
        .isEqualTo("2024-01-01T00:00:00.12Z");
    assertThat(TimeFormat.RFC3339.format(Instant.parse("2024-01-01T00:00:00.000000001Z"), ZoneOffset.UTC))
        .isEqualTo("2024-01-01T00:00:00.000000001Z");
  }

  @Test
  void epoch_isSecondsWithTheFraction_neverAnExponent() {
    assertThat(TimeFormat.EPOCH.format(T, PARIS)).isEqualTo(new BigDecimal("1713862110.4493768"));
    assertThat(TimeFormat.epochSeconds(Instant.parse("2024-04-23T08:48:30Z")).toString()).isEqualTo("1713862110");
    assertThat(TimeFormat.epochSeconds(Instant.parse("1969-12-31T23:59:59.5Z")).toString()).isEqualTo("-0.5");
    assertThat(TimeFormat.epochSeconds(Instant.EPOCH).toString()).isEqualTo("0");
  }

  @Test
  void everyFormat_readsBackToTheInstant_exceptSplunksTruncation() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    for (int i = 0; i < 1000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000));
      ZoneId zone = ZoneOffset.ofTotalSeconds((r.nextInt(73) - 36) * 1800);
      String rfc = (String) TimeFormat.RFC3339.format(t, zone);
      assertThat(OffsetDateTime.parse(rfc).toInstant()).as("seed %d", seed).isEqualTo(t);
      BigDecimal epoch = TimeFormat.epochSeconds(t);
      assertThat(Instant.ofEpochSecond(epoch.longValue(), epoch.remainder(BigDecimal.ONE).movePointRight(9).longValue()))
          .as("seed %d", seed).isEqualTo(t);
    }
  }

  @Test
  void row_keepsItsKeys_inEveryFormat() throws Exception {
    DetectionResult row = Detection.builder().build()
        .evaluate(List.of(TestEvents.devtunnel("2024-04-23T08:48:30.4493768Z", "h"))).results().get(0);
    for (TimeFormat f : TimeFormat.values()) {
      assertThat(row.toRow(PARIS, f).keySet()).containsExactlyElementsOf(row.toRow(PARIS).keySet());
    }
    var json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(row.toRow(PARIS, TimeFormat.EPOCH)));
    assertThat(json.get("firstTime").isNumber()).isTrue();
    assertThat(json.get("firstTime").decimalValue()).isEqualTo(new BigDecimal("1713862110.4493768"));
  }

  @Test
  void of_namesTheValidFormats() {
    assertThat(TimeFormat.of("RFC3339")).isEqualTo(TimeFormat.RFC3339);
    assertThatThrownBy(() -> TimeFormat.of("iso"))
        .hasMessage("time format must be one of splunk, rfc3339, epoch but was 'iso'");
  }
}
