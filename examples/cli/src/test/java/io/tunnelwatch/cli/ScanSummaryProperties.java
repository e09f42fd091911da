// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The summary's number formatting writes what {@code String.format("%.Nf")} wrote before it. */
@ExtendWith(Seeds.class)
final class ScanSummaryProperties {
  @Test
  void fixed_writesWhatFormatWrites() {
    long seed = Seeds.take();
    Random random = new Random(seed);
    for (int i = 0; i < 100_000; i++) {
      double value = switch (i % 4) {
        case 0 -> random.nextDouble() * 10; // seconds
        case 1 -> random.nextInt(1_000_000) / 1000.0 + 0.0005; // on a rounding boundary
        case 2 -> Math.abs(random.nextGaussian()) * 1e9; // events per second
        default -> Math.pow(10, random.nextInt(25)) * random.nextDouble(); // any magnitude
      };
      int decimals = i % 2 == 0 ? 3 : 0;
      assertThat(ScanSummary.fixed(value, decimals))
          .as("seed %d, value %s, %d decimals", seed, value, decimals)
          .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", value));
    }
  }
}
