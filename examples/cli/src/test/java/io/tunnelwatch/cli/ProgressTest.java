package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

final class ProgressTest {
  @Test
  void render_showsABarWhenTheTotalIsKnown() {
    assertThat(Progress.render(512L * 1024, 1024L * 1024, 42))
        .isEqualTo("reading [###############...............]  50% 0.5/1.0 MiB, 42 events");
  }

  @Test
  void render_showsBytesAloneForStandardInput() {
    assertThat(Progress.render(3L * 1024 * 1024, 0, 7)).isEqualTo("reading 3.0 MiB, 7 events");
  }

  @Test
  void inputPositions_addUpAcrossInputs() {
    Progress p = new Progress(new PrintWriter(new StringWriter()), false, 1000);
    java.util.function.LongConsumer first = p.input();
    first.accept(100);
    first.accept(250);
    first.accept(250);
    java.util.function.LongConsumer second = p.input();
    second.accept(50);
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
