// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck.conformance;

import static io.tunnelwatch.core.tck.conformance.ConformanceCases.devtunnel;
import static io.tunnelwatch.core.tck.conformance.ConformanceCases.t;
import static io.tunnelwatch.core.tck.conformance.ConformanceCases.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.GroupKey;
import io.tunnelwatch.core.Suppression;
import io.tunnelwatch.core.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CanonicalRowTest {
  private static final GroupKey A = devtunnel("00:00:00", "WS-01").groupKey();
  private static final Window W = window("12:50");

  private static DetectionResult row(boolean late, long count, String first, String last) {
    return new DetectionResult(A, count, t(first), t(last), W, late);
  }

  @Test
  void lateRows_areSummedPerWindowAndGroup() {
    List<CanonicalRow> rows = CanonicalRow.canonical(
        List.of(row(true, 1, "13:10:00", "13:10:00"), row(false, 2, "12:55:00", "13:00:00"), row(true, 2, "12:51:00", "13:05:00")),
        List.of());
    assertThat(rows).containsExactly(
        CanonicalRow.kept(W, false, A, 2, t("12:55:00"), t("13:00:00")),
        CanonicalRow.kept(W, true, A, 3, t("12:51:00"), t("13:10:00")));
  }

  @Test
  void onTimeRowTwice_isAnError() {
    DetectionResult r = row(false, 1, "13:00:00", "13:00:00");
    assertThatThrownBy(() -> CanonicalRow.canonical(List.of(r, r), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("on time twice");
  }

  @Test
  void merged_foldsLateRowsIntoTheWindowsRow_butKeepsSuppressionsApart() {
    List<CanonicalRow> rows = CanonicalRow.canonical(
        List.of(row(false, 2, "12:55:00", "13:00:00"), row(true, 1, "13:10:00", "13:10:00")),
        List.of(new Suppression(row(true, 1, "13:20:00", "13:20:00"), "f", "why")));
    assertThat(CanonicalRow.merged(rows)).containsExactly(
        CanonicalRow.kept(W, false, A, 3, t("12:55:00"), t("13:10:00")),
        CanonicalRow.kept(W, false, A, 1, t("13:20:00"), t("13:20:00")).suppressed("f", "why"));
  }

  @Test
  void rowWithoutWindow_cannotBeCompared() {
    DetectionResult r = new DetectionResult(A, 1, t("13:00:00"), t("13:00:00"), null, false);
    assertThatThrownBy(() -> CanonicalRow.canonical(List.of(r), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a window");
  }
}
