// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.example.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class IdeLaunchFilterTest {
  private static ProcessEvent devtunnel(String parentImage, String parentName, String pid) {
    return ProcessEvent.builder(Instant.parse("2024-04-23T08:48:30Z"), new EventOrigin("test", "test", 1))
        .set(Field.DEST, "WKS-DEV-042")
        .set(Field.PROCESS_NAME, "devtunnel.exe")
        .set(Field.PROCESS, "devtunnel.exe host -p 8080")
        .set(Field.PARENT_PROCESS_PATH, parentImage)
        .set(Field.PARENT_PROCESS_NAME, parentName)
        .set(Field.PROCESS_ID, pid)
        .build();
  }

  @Test
  void libraryDiscovery_findsTheFilterThroughServiceLoader() {
    Detection detection = Detection.builder()
        .addDiscoveredFilters(IdeLaunchFilterTest.class.getClassLoader())
        .build();
    assertThat(detection.filters()).singleElement().isInstanceOf(IdeLaunchFilter.class);
    assertThat(detection.filterLoadProblems()).isEmpty();
  }

  @Test
  void discoveredFilter_suppressesIdeLaunchesAndKeepsTheRest() {
    Detection detection = Detection.builder()
        .addDiscoveredFilters(IdeLaunchFilterTest.class.getClassLoader())
        .build();
    DetectionReport report = detection.evaluate(List.of(
        devtunnel("C:\\Users\\dev\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe", "Code.exe", "1"),
        devtunnel("C:\\Program Files\\Microsoft Visual Studio\\2022\\Common7\\IDE\\devenv.exe", "devenv.exe", "2"),
        devtunnel("C:\\Windows\\System32\\cmd.exe", "cmd.exe", "3")));

    assertThat(report.results()).singleElement()
        .satisfies(row -> assertThat(row.get(Field.PARENT_PROCESS_NAME)).isEqualTo("cmd.exe"));
    assertThat(report.suppressed()).hasSize(2).allSatisfy(s -> assertThat(s.filter()).isEqualTo("ide-launch"));
    assertThat(report.suppressed()).extracting(s -> s.reason()).containsExactly(
        "started by the IDE Code.exe (port forwarding)", "started by the IDE devenv.exe (port forwarding)");
  }

  @Test
  void library_readsLogsWithTheAdaptersAndSuppressesTheIdeLaunch() throws IOException {
    ClassLoader loader = IdeLaunchFilterTest.class.getClassLoader();
    EventReader reader = EventReader.builder().addDiscoveredFormats(loader).build();
    BatchDetection batch = Detection.builder().addDiscoveredFilters(loader).build().batch();
    reader.read(Path.of("..", "data", "constructed-devtunnel-sysmon.xml"), batch::accept);
    reader.read(Path.of("src", "test", "resources", "constructed-devtunnel-started-by-vscode.xml"), batch::accept);
    DetectionReport report = batch.finish();

    assertThat(report.results()).hasSize(3)
        .allSatisfy(row -> assertThat(row.get(Field.PARENT_PROCESS_NAME)).isEqualTo("explorer.exe"));
    assertThat(report.suppressed()).singleElement().satisfies(s -> {
      assertThat(s.filter()).isEqualTo("ide-launch");
      assertThat(s.result().get(Field.PARENT_PROCESS_PATH))
          .isEqualTo("C:\\Users\\dev\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe");
    });
  }

  @Test
  void parentNamedLikeAnIdeButLonger_isKept() {
    DetectionReport report = Detection.builder().addFilter(new IdeLaunchFilter()).build()
        .evaluate(List.of(devtunnel("C:\\Temp\\mycode.exe", "mycode.exe", "1")));
    assertThat(report.results()).hasSize(1);
    assertThat(report.suppressed()).isEmpty();
  }
}
