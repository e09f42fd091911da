// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.example.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.RiskEvent;
import io.tunnelwatch.core.Window;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AgentExampleTest {
  private Instant now = Instant.parse("2024-04-23T08:00:00Z");
  private final List<DetectionResult> rows = new ArrayList<>();
  private final List<RiskEvent> risks = new ArrayList<>();
  private final AgentExample agent = new AgentExample("WKS-DEV-042", new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }, rows::add, risks::add);

  private void tickAt(String time) {
    now = Instant.parse(time);
    agent.tick();
  }

  private void devtunnelAt(String time, long pid) {
    agent.onProcessStart(Instant.parse(time), pid, "dev", "C:\\Users\\dev\\AppData\\Local\\Temp\\devtunnel.exe",
        "devtunnel.exe host -p 8080", 4668, "C:\\Windows\\explorer.exe");
  }

  @Test
  void devtunnelStart_isReportedWhenItsWindowRunsTenMinutesAfterItCloses() {
    devtunnelAt("2024-04-23T08:48:30Z", 6120);
    tickAt("2024-04-23T08:59:59Z");
    assertThat(rows).isEmpty();

    tickAt("2024-04-23T09:00:00Z");
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.get(Field.PROCESS_NAME)).isEqualTo("devtunnel.exe");
      assertThat(row.get(Field.DEST)).isEqualTo("WKS-DEV-042");
      assertThat(row.get(Field.ORIGINAL_FILE_NAME)).isEqualTo("unknown");
      assertThat(row.window()).isEqualTo(
          new Window(Instant.parse("2024-04-23T07:50:00Z"), Instant.parse("2024-04-23T08:50:00Z")));
      assertThat(row.late()).isFalse();
    });
    assertThat(risks).singleElement().satisfies(risk -> {
      assertThat(risk.riskObject()).isEqualTo("WKS-DEV-042");
      assertThat(risk.threatObject()).isEqualTo("explorer.exe");
      assertThat(risk.riskMessage())
          .isEqualTo("Potential Devtunnels execution observed on WKS-DEV-042 via devtunnel.exe host -p 8080.");
    });
  }

  @Test
  void ordinaryProcess_isNeverReported() {
    agent.onProcessStart(Instant.parse("2024-04-23T08:10:00Z"), 7708, "dev", "C:\\Windows\\System32\\cmd.exe",
        "cmd.exe /c devtunnel.exe.bak", 4668, "C:\\Windows\\explorer.exe");
    tickAt("2024-04-23T12:00:00Z");
    assertThat(rows).isEmpty();
    assertThat(risks).isEmpty();
  }

  @Test
  void startThatArrivesAfterItsWindowRan_isReportedAtTheNextTickMarkedLate() {
    devtunnelAt("2024-04-23T08:48:30Z", 6120);
    tickAt("2024-04-23T09:00:00Z");
    devtunnelAt("2024-04-23T08:49:00Z", 6121); // delivered late by the agent's queue
    assertThat(rows).hasSize(1);

    tickAt("2024-04-23T09:01:00Z");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).late()).isTrue();
    assertThat(rows.get(1).get(Field.PROCESS_ID)).isEqualTo("6121");
  }
}
