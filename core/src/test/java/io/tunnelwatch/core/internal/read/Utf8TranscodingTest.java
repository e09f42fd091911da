// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
final class Utf8TranscodingTest {
  /** Random text of every plane, read back in random pieces, is the JDK's UTF-8 of it. */
  @Test
  void anyText_inAnyPieces_isItsUtf8() throws IOException {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    for (int round = 0; round < 200; round++) {
      StringBuilder text = new StringBuilder();
      int length = rnd.nextInt(3000);
      while (text.length() < length) {
        int cp = switch (rnd.nextInt(4)) {
          case 0 -> 0x20 + rnd.nextInt(0x60);
          case 1 -> 0x80 + rnd.nextInt(0x780);
          case 2 -> 0x800 + rnd.nextInt(0xD000);
          default -> 0x10000 + rnd.nextInt(0x100000);
        };
        text.appendCodePoint(cp);
      }
      for (TextEncoding encoding : List.of(TextEncoding.UTF_16LE, TextEncoding.UTF_16BE, TextEncoding.UTF_32LE, TextEncoding.UTF_32BE)) {
        byte[] in = text.toString().getBytes(Charset.forName(encoding.displayName()));
        assertThat(readInPieces(new Utf8Transcoding(trickle(in, rnd), encoding), rnd))
            .as("seed %s, %s", seed, encoding).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** What has no UTF-8 becomes 0xFF, never valid UTF-8, so the parser rejects that line and only it. */
  @Test
  void unpairedSurrogates_andIncompleteUnits_becomeAnInvalidByte() throws IOException {
    byte[] lone = {'a', 0, 0x00, (byte) 0xDC, 'b', 0, 0x3D, (byte) 0xD8, '\n', 0, 'c'};
    assertThat(readInPieces(new Utf8Transcoding(new ByteArrayInputStream(lone), TextEncoding.UTF_16LE), new Random(1)))
        .containsExactly('a', 0xFF, 'b', 0xFF, '\n', 0xFF);
    byte[] big = {'a', 0, 0, 0, 0, 0, 0x11, 0, 0, (byte) 0xD8, 0, 0};
    assertThat(readInPieces(new Utf8Transcoding(new ByteArrayInputStream(big), TextEncoding.UTF_32LE), new Random(1)))
        .containsExactly('a', 0xFF, 0xFF);
  }

  @Test
  void zeroPatterns_tellUtf16And32_butNotUtf8OrEvtx() {
    byte[] evtx = new byte[4096];
    System.arraycopy("ElfFile\0".getBytes(StandardCharsets.US_ASCII), 0, evtx, 0, 8);
    evtx[0x28] = (byte) 0x80;
    assertThat(TextEncoding.byZeros(evtx, evtx.length)).isNull();
    byte[] utf8 = "{\"a\":1}\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    assertThat(TextEncoding.byZeros(utf8, utf8.length)).isNull();
    String text = "<Event xmlns='x'><System/></Event>\r\n";
    for (TextEncoding e : List.of(TextEncoding.UTF_16LE, TextEncoding.UTF_16BE, TextEncoding.UTF_32LE, TextEncoding.UTF_32BE)) {
      byte[] b = text.getBytes(Charset.forName(e.displayName()));
      assertThat(TextEncoding.byZeros(b, b.length)).isEqualTo(e);
      assertThat(TextEncoding.byMark(b, b.length)).isNull();
    }
  }

  private static InputStream trickle(byte[] bytes, Random rnd) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + rnd.nextInt(50)));
      }
    };
  }

  private static byte[] readInPieces(InputStream in, Random rnd) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[64];
    int n;
    while ((n = in.read(buf, 0, 1 + rnd.nextInt(buf.length))) != -1) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
