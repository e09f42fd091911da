// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.example.embedding;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.RiskEvent;
import io.tunnelwatch.core.StreamingDetection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * What an endpoint agent vendor writes: its process monitor hands each process start to the
 * detection as it happens, its timer advances the clock, and result rows and risk events arrive in
 * callbacks when each hourly window is evaluated, as Splunk's scheduled search would raise them
 * (events that arrive after their window was evaluated are still reported, marked late). Not
 * thread-safe: call it from the agent's one event thread.
 */
public final class AgentExample {
  private final String host;
  private final StreamingDetection detection;

  /**
   * An agent for {@code host}.
   *
   * @param clock the time that {@link #tick()} reads
   * @param onRow receives each result row
   * @param onRisk receives each row's risk event
   */
  public AgentExample(String host, Clock clock, Consumer<DetectionResult> onRow, Consumer<RiskEvent> onRisk) {
    this.host = host;
    this.detection = Detection.builder().build()
        .streaming(report -> {
          report.results().forEach(onRow);
          report.riskEvents().forEach(onRisk);
        })
        .clock(clock)
        .build();
  }

  /** Called by the process monitor for each process start, with what the agent knows of it. */
  public void onProcessStart(
      Instant time, long pid, String user, String image, String commandLine, long parentPid, String parentImage) {
    ProcessEvent event = ProcessEvent.builder(time, new EventOrigin("example-agent", host, 0))
        .set(Field.DEST, host)
        .set(Field.VENDOR_PRODUCT, "Example Agent")
        .set(Field.ACTION, "allowed")
        .set(Field.USER, user)
        .set(Field.PROCESS_ID, Long.toString(pid))
        .set(Field.PROCESS_PATH, image)
        .set(Field.PROCESS_NAME, ProcessEvent.basename(image))
        .set(Field.PROCESS, commandLine)
        .set(Field.PARENT_PROCESS_ID, Long.toString(parentPid))
        .set(Field.PARENT_PROCESS_PATH, parentImage)
        .set(Field.PARENT_PROCESS_NAME, ProcessEvent.basename(parentImage))
        .build(); // fields not set are "unknown" or "null", as the data model says
    detection.accept(event);
  }

  /** Called by the agent's timer, say once a minute: evaluates the windows whose run time has come. */
  public void tick() {
    detection.advance();
  }


  /** A short run on a simulated clock: a devtunnel start at 08:48, ticks at 08:59 and 09:00 UTC. */
  public static void main(String[] args) {
    Instant start = Instant.parse("2024-04-23T08:48:30Z");
    Instant[] now = {start};
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    AgentExample agent = new AgentExample("WKS-DEV-042", clock,
        row -> System.out.println("row: " + row.toJson(ZoneOffset.UTC)),
        risk -> System.out.println("risk: " + risk.toJson(ZoneOffset.UTC)));
    agent.onProcessStart(start, 6120, "dev", "C:\\Users\\dev\\AppData\\Local\\Temp\\devtunnel.exe",
        "devtunnel.exe host -p 8080 --allow-anonymous", 4668, "C:\\Windows\\explorer.exe");
    now[0] = Instant.parse("2024-04-23T08:59:00Z");
    agent.tick(); // the window [07:50, 08:50) runs at 09:00: nothing yet
    now[0] = Instant.parse("2024-04-23T09:00:00Z");
    agent.tick(); // now it runs: one row and one risk event
  }
}
