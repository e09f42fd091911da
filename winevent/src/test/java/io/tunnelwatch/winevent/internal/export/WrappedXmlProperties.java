// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import io.tunnelwatch.winevent.internal.json.JsonProblem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link WrappedXml}'s laws over seeded random mutations of Splunk export and HEC lines (the seed is
 * printed on failure; {@code -Dtunnelwatch.seed=…} replays it): {@code unwrap} throws nothing but
 * {@link JsonProblem}, and the cheap {@code recognises} never turns away a line that
 * {@code unwrap} would unwrap, so routing by it never loses an event.
 */
@ExtendWith(Seeds.class)
final class WrappedXmlProperties {
  private final long seed = Seeds.take();
  private static final List<String> LINES = EventXml.sampleLines(10);
  private static final byte[] NASTY = "{}[]:,\"\\/ u0<E\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void mutatedLines_onlyEverRejectedTyped_andRecognisedWheneverUnwrapped() {
    WrappedXml wrapped = new WrappedXml();
    int trials = 4000;
    int unwrapped = 0;
    int rejected = 0;
    for (int t = 0; t < trials; t++) {
      Random random = new Random(seed + t);
      String xml = LINES.get(random.nextInt(LINES.size()));
      String line = random.nextBoolean() ? WrappedXmlTest.hec(xml, random.nextBoolean())
          : WrappedXmlTest.splunkExport(xml, random.nextBoolean(), random.nextBoolean());
      byte[] b = mutate(random, line.getBytes(StandardCharsets.UTF_8));
      try {
        boolean recognised = WrappedXml.recognises(b, 0, b.length);
        byte[] out = wrapped.unwrap(b, 0, b.length);
        if (out != null) {
          unwrapped++;
          assertThat(recognised).as("unwrapped but not recognised").isTrue();
          assertThat(new String(out, 0, 6, StandardCharsets.UTF_8)).isEqualTo("<Event");
        }
      } catch (JsonProblem e) {
        rejected++;
        assertThat(e.reason()).isNotBlank().doesNotContain("Event>").hasSizeLessThan(80);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("seed " + seed + " trial " + t + ": " + e, e);
      }
    }
    // Not vacuous: many mutated lines still unwrap, many are rejected.
    assertThat(unwrapped).as("seed %d", seed).isGreaterThan(trials / 10);
    assertThat(rejected).as("seed %d", seed).isGreaterThan(trials / 10);
  }

  private static byte[] mutate(Random random, byte[] b) {
    byte[] c = b;
    for (int edits = random.nextInt(4); edits > 0; edits--) {
      int at = random.nextInt(c.length);
      byte nasty = random.nextInt(6) == 0 ? (byte) random.nextInt(256) : NASTY[random.nextInt(NASTY.length)];
      switch (random.nextInt(4)) {
        case 0 -> {
          c = c.clone();
          c[at] = nasty;
        }
        case 1 -> {
          byte[] d = new byte[c.length + 1];
          System.arraycopy(c, 0, d, 0, at);
          d[at] = nasty;
          System.arraycopy(c, at, d, at + 1, c.length - at);
          c = d;
        }
        case 2 -> {
          int len = 1 + random.nextInt(Math.min(16, c.length - at));
          byte[] d = new byte[c.length - len];
          System.arraycopy(c, 0, d, 0, at);
          System.arraycopy(c, at + len, d, at, c.length - at - len);
          c = d.length == 0 ? new byte[] {'{'} : d;
        }
        default -> c = Arrays.copyOf(c, Math.max(1, at));
      }
    }
    return c;
  }
}
