// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class ConstructedDevtunnelEvtxTest {
  @Test
  void committedSample_isWhatTheGeneratorWrites() throws IOException {
    Path data = SampleFiles.examplesData();
    byte[] committed = Files.readAllBytes(data.resolve(ConstructedDevtunnelEvtx.FILE_NAME));

    assertThat(ConstructedDevtunnelEvtx.events(data)).as("5 constructed executions and 2 real events").hasSize(7);
    assertThat(committed)
        .as("examples/data/" + ConstructedDevtunnelEvtx.FILE_NAME + " is stale: regenerate it as examples/data/README.md says")
        .isEqualTo(ConstructedDevtunnelEvtx.bytes(data));
  }
}
