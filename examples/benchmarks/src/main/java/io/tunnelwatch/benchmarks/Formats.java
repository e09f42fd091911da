// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

/** Finds the discovered adapter that reads a kind of generated line. */
final class Formats {
  private Formats() {}

  /**
   * The discovered format that claims {@code sample} as its own.
   *
   * @throws IllegalStateException when no adapter on the class path claims it
   */
  static EventFormat forLine(String sample) {
    byte[] b = sample.getBytes(StandardCharsets.UTF_8);
    for (EventFormat f : ServiceLoader.load(EventFormat.class, Formats.class.getClassLoader())) {
      if (f.claim(b, 0, b.length) == LineClaim.FORMAT) {
        return f;
      }
    }
    throw new IllegalStateException("no adapter on the class path claims this line; put the adapters on the class path");
  }
}
