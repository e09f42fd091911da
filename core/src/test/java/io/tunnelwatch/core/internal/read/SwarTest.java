// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
final class SwarTest {
  @Test
  void lowestFlagged_isTheLowestFlaggedByte_forEveryFlagSet() {
    for (int flags = 1; flags < 256; flags++) {
      long m = 0;
      for (int k = 0; k < 8; k++) {
        m |= (flags >>> k & 1L) << (8 * k + 7);
      }
      assertThat(Swar.lowestFlagged(m)).as("flags %s", Integer.toBinaryString(flags))
          .isEqualTo(Integer.numberOfTrailingZeros(flags));
    }
  }

  @Test
  void indexOf_findsTheFirstByte_likeALoop_atEveryOffsetAndLength() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[rnd.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) "\n\u0000\u0001\u000b\u0009ab\u00ff".charAt(rnd.nextInt(8));
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int to = from + rnd.nextInt(b.length - from + 1);
      byte c = (byte) (rnd.nextBoolean() ? '\n' : 0);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (b[i] == c) {
          expected = i;
          break;
        }
      }
      assertThat(Swar.indexOf(b, from, to, c)).as("seed %s", seed).isEqualTo(expected);
    }
  }

  @Test
  void indexOfLineEnd_findsTheFirstCrOrLf_likeALoop_atEveryOffsetAndLength() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[rnd.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        // neighbours of CR and LF too: a borrow from one must not flag the other falsely first
        b[i] = (byte) "\n\r\u000c\u000b\u000e\u0009\u0000a\u008d\u008a".charAt(rnd.nextInt(10));
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int to = from + rnd.nextInt(b.length - from + 1);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (b[i] == '\n' || b[i] == '\r') {
          expected = i;
          break;
        }
      }
      assertThat(Swar.indexOfLineEnd(b, from, to)).as("seed %s", seed).isEqualTo(expected);
    }
  }
}
