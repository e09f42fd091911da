// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
final class KeySearchTest {
  @Test
  void anyCloser_saysWhatALoopSays_atEveryOffsetAndLength() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    // the closers, bytes one bit away from them (a borrow must not make them closers), and others
    byte[] bytes = {'}', ']', 0x7C, 0x7E, 0x5C, 0x5E, 0x3D, (byte) 0xFD, (byte) 0xDD, '"', 'a', '{', '['};
    int found = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[rnd.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = bytes[2 + rnd.nextInt(bytes.length - 2)];
      }
      for (int n = rnd.nextInt(3); n > 0 && b.length > 0; n--) {
        b[rnd.nextInt(b.length)] = bytes[rnd.nextInt(2)];
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int to = from + rnd.nextInt(b.length - from + 1);
      boolean expected = false;
      for (int i = from; i < to; i++) {
        expected |= b[i] == '}' || b[i] == ']';
      }
      assertThat(KeySearch.anyCloser(b, from, to)).as("seed %s", seed).isEqualTo(expected);
      found += expected ? 1 : 0;
    }
    assertThat(found).as("seed %s", seed).isBetween(2000, 18_000);
  }
}
