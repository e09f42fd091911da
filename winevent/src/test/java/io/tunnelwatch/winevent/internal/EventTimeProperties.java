// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hand-written parser agrees with java.time on random instants in every rendering. */
@ExtendWith(Seeds.class)
final class EventTimeProperties {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  @Test
  void parse_equalsJavaTime_truncatedToTheDigitsWritten() {
    long seed = Seeds.take();
    Random random = new Random(seed);
    for (int i = 0; i < 50_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE) * 2L - Integer.MAX_VALUE, random.nextInt(1_000_000_000));
      int digits = random.nextInt(10);
      String nanos = String.format("%09d", t.getNano());
      String text = LocalDateTime.ofInstant(t, ZoneOffset.UTC).format(SECONDS)
          + (digits == 0 ? "" : "." + nanos.substring(0, digits)) + (random.nextBoolean() ? "Z" : "");
      if (random.nextBoolean()) {
        text = text.replace('T', ' ');
      }
      long kept = Long.parseLong(digits == 0 ? "0" : nanos.substring(0, digits) + "0".repeat(9 - digits));
      Instant expected = Instant.ofEpochSecond(t.getEpochSecond(), kept);
      assertThat(EventTime.parse(text)).as("seed " + seed + ": " + text).isEqualTo(expected);
    }
  }
}
