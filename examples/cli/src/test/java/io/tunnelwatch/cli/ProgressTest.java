// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

final class ProgressTest {
  @Test
  void render_showsABarWhenTheTotalIsKnown() {
    assertThat(Progress.render(512L * 1024, 1024L * 1024, 42, 0, 0))
        .isEqualTo("reading [###############...............]  50% 0.5/1.0 MiB, 42 events");
  }

  @Test
  void render_showsBytesAloneForStandardInput() {
    assertThat(Progress.render(3L * 1024 * 1024, 0, 7, 0, 0)).isEqualTo("reading 3.0 MiB, 7 events");
  }

  @Test
  void render_showsRecordsAndChunks_ofAnEvtxFileOrExport() {
    assertThat(Progress.render(512L * 1024, 1024L * 1024, 3, 2048, 8))
        .isEqualTo("reading [###############...............]  50% 0.5/1.0 MiB, 2048 records (8 chunks), 3 events");
  }

  @Test
  void inputPositions_addUpAcrossInputs() {
    Progress p = new Progress(new PrintWriter(new StringWriter()), false, 1000);
    io.tunnelwatch.core.ReadProgress first = p.input();
    first.bytes(100);
    first.bytes(250);
    first.bytes(250);
    io.tunnelwatch.core.ReadProgress second = p.input();
    second.bytes(50);
    assertThat(p.bytes()).isEqualTo(300);
  }

  @Test
  void disabled_writesNothing() {
    StringWriter s = new StringWriter();
    Progress p = new Progress(new PrintWriter(s), false, 100);
    p.bytesRead(100);
    p.clear();
    assertThat(s.toString()).isEmpty();
  }
}
