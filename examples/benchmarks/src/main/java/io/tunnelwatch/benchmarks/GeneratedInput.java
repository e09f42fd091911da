// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** An input stream of {@code size} bytes of generated lines (whole lines; the last may run over). */
final class GeneratedInput extends InputStream {
  private final CorpusGenerator generator;
  private final long size;
  private long produced;
  private byte[] line = new byte[0];
  private int pos;

  GeneratedInput(CorpusGenerator generator, long size) {
    this.generator = generator;
    this.size = size;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (pos == line.length) {
      if (produced >= size) {
        return -1;
      }
      line = (generator.next() + "\n").getBytes(StandardCharsets.UTF_8);
      pos = 0;
      produced += line.length;
    }
    int n = Math.min(len, line.length - pos);
    System.arraycopy(line, pos, b, off, n);
    pos += n;
    return n;
  }
}
