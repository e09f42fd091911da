// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Utf8#firstInvalid} agrees with the JDK's strict UTF-8 decoder, on seeded random bytes. */
@ExtendWith(Seeds.class)
final class Utf8Properties {
  private final long seed = Seeds.take();
  private final Random random = new Random(seed);

  /** Where the JDK's decoder, reporting malformed input, first stops; -1 when all is valid. */
  private static int jdkFirstInvalid(byte[] b, int off, int len) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, off, len);
    CharBuffer out = CharBuffer.allocate(len * 2 + 2);
    CoderResult r = d.decode(in, out, true);
    if (r.isError()) {
      return in.position() - off;
    }
    return d.flush(out).isError() ? in.position() - off : -1;
  }

  @Test
  void firstInvalid_agreesWithTheJdk_onRandomMostlyValidText() {
    for (int round = 0; round < 20_000; round++) {
      byte[] b = sample();
      int off = random.nextInt(3);
      int tail = 1 + random.nextInt(9);
      byte[] padded = new byte[b.length + off + tail];
      System.arraycopy(b, 0, padded, off, b.length);
      // beyond the range: must not be looked at, not even by the eight-byte ASCII skip
      Arrays.fill(padded, off + b.length, padded.length, (byte) 0xFF);
      assertThat(Utf8.firstInvalid(padded, off, b.length)).as("seed %d, round %d", seed, round)
          .isEqualTo(jdkFirstInvalid(padded, off, b.length));
    }
  }

  /** Valid text of all widths with, half the time, a few random bytes put in. */
  private byte[] sample() {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      if (random.nextInt(5) == 0) {
        s.append("x".repeat(random.nextInt(40))); // runs of ASCII, which are skipped eight bytes at a time
        continue;
      }
      int cp = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(0x80);
        case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
        case 2 -> {
          int c = 0x800 + random.nextInt(0x10000 - 0x800);
          yield c >= 0xD800 && c <= 0xDFFF ? 'x' : c;
        }
        default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
      };
      s.appendCodePoint(cp);
    }
    byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
    if (b.length > 0 && random.nextBoolean()) {
      for (int k = random.nextInt(3); k >= 0; k--) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
    }
    return b;
  }
}
