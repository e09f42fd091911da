// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineParser;
import java.nio.charset.StandardCharsets;

/**
 * A format that runs the JVM out of memory on a line starting {@code EXHAUST}: a real
 * {@link OutOfMemoryError} from inside the scan. Registered only for {@link MemoryIT}'s child
 * process (by a services file it writes), never on the tests' own class path.
 */
public final class ExhaustingFormat implements EventFormat {
  private static final byte[] MARK = "EXHAUST".getBytes(StandardCharsets.US_ASCII);

  /** The format; ServiceLoader calls this. */
  public ExhaustingFormat() {}

  @Override
  public String id() {
    return "exhausting";
  }

  @Override
  public LineClaim claim(byte[] line, int offset, int length) {
    if (length < MARK.length) {
      return LineClaim.NO;
    }
    for (int i = 0; i < MARK.length; i++) {
      if (line[offset + i] != MARK[i]) {
        return LineClaim.NO;
      }
    }
    return LineClaim.FORMAT;
  }

  @Override
  public LineParser newParser() {
    return (line, offset, length, origin) -> {
      long[][] hoard = new long[1 << 20][];
      for (int i = 0; i < hoard.length; i++) {
        hoard[i] = new long[1 << 16]; // 512 KiB each, far past any test heap
      }
      throw new IllegalStateException("not reached: " + hoard.length);
    };
  }
}
