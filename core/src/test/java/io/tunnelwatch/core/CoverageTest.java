// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineParser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class CoverageTest {
  /** A format declaring what it lacks, as an adapter does. */
  private static EventFormat format(String id, Set<Field> lacks) {
    return new EventFormat() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public LineClaim claim(byte[] line, int offset, int length) {
        return LineClaim.NO;
      }

      @Override
      public LineParser newParser() {
        throw new UnsupportedOperationException("not read in this test");
      }

      @Override
      public Set<Field> lacks() {
        return lacks;
      }
    };
  }

  @Test
  void everyField_saysWhatItsAbsenceHides() {
    for (Field f : Field.values()) {
      assertThat(Coverage.hides(f)).as(f.cimName()).isNotBlank();
    }
  }

  @Test
  void presentSources_listTheirGapsInFieldOrder_andAbsentOnesAreLeftOut() {
    EventFormat sysmon = format("sysmon", Set.of());
    EventFormat security = format("winsecurity-4688", Set.of(Field.PROCESS_GUID, Field.ORIGINAL_FILE_NAME));
    EventFormat fdr = format("crowdstrike", Set.of(Field.PARENT_PROCESS));
    List<Coverage> c = Coverage.of(List.of(sysmon, security, fdr), Map.of("winsecurity-4688", 3L, "sysmon", 0L));
    assertThat(c).singleElement().satisfies(s -> {
      assertThat(s.format()).isEqualTo("winsecurity-4688");
      assertThat(s.events()).isEqualTo(3);
      assertThat(s.gaps().keySet()).containsExactly(Field.ORIGINAL_FILE_NAME, Field.PROCESS_GUID);
      assertThat(s.gaps().get(Field.ORIGINAL_FILE_NAME)).contains("renamed devtunnel.exe is invisible");
      assertThat(s.blindsTheDetection()).isTrue();
    });
    assertThat(Coverage.of(fdr, 1).blindsTheDetection()).isFalse();
    assertThat(Coverage.of(List.of(sysmon, security), Map.of())).as("no in-scope source at all").isEmpty();
  }
}
