// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The EVTX runs in flight follow the heap (issue 12, item 10). */
final class ParallelChunksTest {
  @Test
  void runsInFlight_twoPerThread_withinAnEighthOfTheHeap() {
    assertThat(ParallelChunks.inFlight(8, 32L << 20)).isEqualTo(2);
    assertThat(ParallelChunks.inFlight(8, 64L << 20)).isEqualTo(4);
    assertThat(ParallelChunks.inFlight(8, 1L << 30)).isEqualTo(16);
    assertThat(ParallelChunks.inFlight(2, 1L << 30)).isEqualTo(4);
    assertThat(ParallelChunks.inFlight(1, 1L << 20)).isEqualTo(2);
  }
}
