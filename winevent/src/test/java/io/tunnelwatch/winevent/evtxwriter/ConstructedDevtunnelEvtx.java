// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code examples/data/constructed-devtunnel.evtx}: the constructed devtunnel executions of
 * {@code examples/data} (Sysmon EID 1 and 4688, in file name and line order), then the Sysmon and
 * 4688 events of {@code security-content-examples.mixed.log} (real, Apache-2.0, no match), written
 * by {@link EvtxWriter} with record ids from 1. {@code ConstructedDevtunnelEvtxTest} checks that the
 * committed file has exactly these bytes. Run from the repository (see examples/data/README.md).
 */
public final class ConstructedDevtunnelEvtx {
  /** The file's name in {@code examples/data}. */
  public static final String FILE_NAME = "constructed-devtunnel.evtx";

  private ConstructedDevtunnelEvtx() {}

  /** The Windows XML of the file's events, in record order. */
  public static List<String> events(Path examplesData) {
    List<String> events = new ArrayList<>(SampleFiles.devtunnelPositives(examplesData));
    events.addAll(SampleFiles.eventLines(List.of(examplesData.resolve("security-content-examples.mixed.log"))));
    return events;
  }

  /** The file's bytes. */
  public static byte[] bytes(Path examplesData) {
    return EvtxWriter.write(events(examplesData));
  }

  /** Writes the file into {@code examples/data}, found above the working directory. */
  public static void main(String[] args) {
    Path data = SampleFiles.examplesData();
    Path file = data.resolve(FILE_NAME);
    EvtxWriter.write(file, events(data));
    System.out.println("wrote " + file);
  }
}
