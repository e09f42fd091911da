// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class ProcessEventTest {
  private static final EventOrigin ORIGIN = new EventOrigin("sysmon", "a.xml", 7);

  @Test
  void unsetFields_takeTheirMissingValue() {
    ProcessEvent e = ProcessEvent.builder(Instant.EPOCH, ORIGIN).set(Field.PROCESS_NAME, "a.exe").build();
    assertThat(e.get(Field.PROCESS_NAME)).isEqualTo("a.exe");
    assertThat(e.get(Field.DEST)).isEqualTo("unknown");
    assertThat(e.get(Field.PROCESS_GUID)).isEqualTo("null");
  }

  @Test
  void emptyAndDash_countAsMissing() {
    ProcessEvent e = ProcessEvent.builder(Instant.EPOCH, ORIGIN).set(Field.USER, "-").set(Field.USER_ID, "").build();
    assertThat(e.get(Field.USER)).isEqualTo("unknown");
    assertThat(e.get(Field.USER_ID)).isEqualTo("null");
  }

  @Test
  void events_withTheSameValues_shareAGroupKey_andKeepTheirOrigin() {
    ProcessEvent a = TestEvents.devtunnel("2024-01-01T10:00:00Z", "h");
    ProcessEvent b = TestEvents.devtunnel("2024-01-01T11:00:00Z", "h");
    assertThat(a.groupKey()).isEqualTo(b.groupKey()).hasSameHashCodeAs(b.groupKey());
    assertThat(a).isNotEqualTo(b);
    assertThat(ProcessEvent.builder(Instant.EPOCH, ORIGIN).build().origin()).isEqualTo(ORIGIN);
  }

  @Test
  void groupKey_roundTripsThroughItsValues() {
    GroupKey k = TestEvents.devtunnel("2024-01-01T10:00:00Z", "h").groupKey();
    assertThat(GroupKey.of(k.values())).isEqualTo(k);
  }

  @Test
  void missingNames_areDerivedFromTheirPaths_asTheWindowsAdaptersDo() {
    ProcessEvent e = ProcessEvent.builder(Instant.EPOCH, ORIGIN)
        .set(Field.PROCESS_PATH, "C:\\Users\\a\\Downloads\\DevTunnel.exe")
        .set(Field.PARENT_PROCESS_PATH, "C:/Windows/System32/cmd.exe")
        .set(Field.PARENT_PROCESS_NAME, "-")
        .build();
    assertThat(e.get(Field.PROCESS_NAME)).isEqualTo("DevTunnel.exe");
    assertThat(e.get(Field.PARENT_PROCESS_NAME)).isEqualTo("cmd.exe");
    assertThat(Detection.builder().build().predicate().test(e).matched()).as("the predicate sees the name").isTrue();
  }

  @Test
  void suppliedNames_win_andAPathEndingInASeparatorGivesNoName() {
    ProcessEvent e = ProcessEvent.builder(Instant.EPOCH, ORIGIN)
        .set(Field.PROCESS_PATH, "C:\\Tools\\devtunnel.exe")
        .set(Field.PROCESS_NAME, "renamed.exe")
        .set(Field.PARENT_PROCESS_PATH, "C:\\Tools\\")
        .build();
    assertThat(e.get(Field.PROCESS_NAME)).isEqualTo("renamed.exe");
    assertThat(e.get(Field.PARENT_PROCESS_NAME)).isEqualTo("unknown");
  }

  @Test
  void basename_isPublicApi() throws NoSuchMethodException {
    assertThat(java.lang.reflect.Modifier.isPublic(ProcessEvent.class.getMethod("basename", String.class).getModifiers()))
        .isTrue();
    assertThat(ProcessEvent.basename("a/b\\c.exe")).isEqualTo("c.exe");
  }
}
