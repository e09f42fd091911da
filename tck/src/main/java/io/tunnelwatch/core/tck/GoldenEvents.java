// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.spi.EventFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Golden files: the expected {@link ProcessEvent} of chosen corpus lines, written out field by field.
 * A golden file has one block per event: a line {@code == <file> <line number>}, then {@code _time}
 * and the 20 fields, one {@code name<TAB>value} a line (values verbatim, trailing white space kept).
 * Lines starting with {@code #} and blank lines separate blocks.
 */
public final class GoldenEvents {
  private GoldenEvents() {}

  /** One expected event: the corpus file (next to the golden file), the line and the 21 values. */
  public record Expected(String file, long line, Map<String, String> values) {}

  /** The blocks of the golden file at class-path resource {@code resource}. */
  public static List<Expected> load(String resource) {
    List<Expected> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
      String file = null;
      long line = 0;
      Map<String, String> values = new LinkedHashMap<>();
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (l.startsWith("== ")) {
          if (file != null) {
            out.add(new Expected(file, line, values));
          }
          String[] head = l.substring(3).split(" ");
          file = head[0];
          line = Long.parseLong(head[1]);
          values = new LinkedHashMap<>();
        } else if (!l.isEmpty() && !l.startsWith("#")) {
          int tab = l.indexOf('\t');
          values.put(l.substring(0, tab), l.substring(tab + 1));
        }
      }
      if (file != null) {
        out.add(new Expected(file, line, values));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** {@code _time} (ISO-8601 instant) and the 20 fields by CIM name, in row order. */
  public static Map<String, String> valuesOf(ProcessEvent event) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("_time", event.time().toString());
    for (Field f : Field.values()) {
      m.put(f.cimName(), event.get(f));
    }
    return m;
  }

  /**
   * Reads each corpus file a golden file names (class-path resources in {@code directory}) with
   * {@code format} and asserts that the events at the named lines have exactly the expected values.
   *
   * @return how many events were compared
   */
  public static int assertMatches(EventFormat format, String directory, String goldenFile) throws IOException {
    List<Expected> expected = load(directory + "/" + goldenFile);
    assertThat(expected).as("golden blocks in " + goldenFile).isNotEmpty();
    Map<String, List<ProcessEvent>> byFile = new LinkedHashMap<>();
    for (Expected e : expected) {
      assertThat(e.values()).as(e.file() + ":" + e.line() + " lists _time and the 20 fields").hasSize(Field.values().length + 1);
      List<ProcessEvent> events = byFile.get(e.file());
      if (events == null) {
        events = readAll(format, directory + "/" + e.file());
        byFile.put(e.file(), events);
      }
      ProcessEvent actual = events.stream().filter(p -> p.origin().line() == e.line()).findFirst()
          .orElseThrow(() -> new AssertionError("no event at " + e.file() + ":" + e.line()));
      assertThat(valuesOf(actual)).as(e.file() + ":" + e.line()).containsExactlyEntriesOf(e.values());
    }
    return expected.size();
  }

  /** Every event of a class-path resource, read with {@code format} alone; asserts that no line was rejected. */
  public static List<ProcessEvent> readAll(EventFormat format, String resource) throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    try (InputStream in = open(resource)) {
      ReadSummary s = EventReader.builder().noPrefilter().addFormat(format).build().read(in, resource, events::add);
      assertThat(s.rejections()).as("rejections in " + resource).isEmpty();
    }
    return events;
  }

  private static InputStream open(String resource) {
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    return Objects.requireNonNull(GoldenEvents.class.getClassLoader().getResourceAsStream(name), "no resource " + resource);
  }
}
