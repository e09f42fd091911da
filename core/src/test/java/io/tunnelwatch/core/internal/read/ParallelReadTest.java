// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parallel read's look-ahead follows the heap (issue 12, item 10). */
final class ParallelReadTest {
  private static final int CHUNK = 2 << 20;

  @Test
  void lookAhead_takesAnEighthOfTheHeap_betweenTwoAndSixteenPieces() {
    assertThat(ParallelRead.ahead(32L << 20, CHUNK)).isEqualTo(2);
    assertThat(ParallelRead.ahead(64L << 20, CHUNK)).isEqualTo(4);
    assertThat(ParallelRead.ahead(256L << 20, CHUNK)).isEqualTo(ParallelRead.MAX_AHEAD);
    assertThat(ParallelRead.ahead(Long.MAX_VALUE, CHUNK)).isEqualTo(ParallelRead.MAX_AHEAD);
    assertThat(ParallelRead.ahead(1L << 20, CHUNK)).isEqualTo(2);
  }
}
