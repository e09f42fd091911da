package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class HostEventNamesTest {
  @Test
  void mayOccur_isTrueWheneverAPlainSearchFindsThePair_atEveryOffset() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    String alphabet = "dMAaxm\"";
    for (int round = 0; round < 50_000; round++) {
      StringBuilder b = new StringBuilder();
      int len = rnd.nextInt(40);
      for (int i = 0; i < len; i++) {
        b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String s = "xx" + b + "yy";
      byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
      boolean expected = b.toString().contains("dM") || b.toString().contains("dA");
      boolean got = HostEventNames.mayOccur(bytes, 2, bytes.length - 2);
      if (expected) {
        assertThat(got).as("seed %s: %s", seed, b).isTrue();
      } else {
        assertThat(got).as("seed %s: %s", seed, b).isFalse();
      }
    }
  }
}
