package io.tunnelwatch.winevent.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The split events read by the existing XmlWinEventLog line parser (core's {@code WinEventParser})
 * give the values of the lines they were made from. Core exports that package only to the two
 * Windows adapters, so the test reaches it by reflection; tests run on the class path, where module
 * boundaries do not apply.
 */
final class ExportThroughLineParserTest {
  private static final List<String> LINES = EventXml.sampleLines(10);
  private static final List<String> DATA = List.of("CommandLine", "Image", "NewProcessName", "UtcTime");

  /** The parser's reading of one event, or the rejection's class name. */
  private static List<@Nullable String> parse(byte[] xml) throws ReflectiveOperationException {
    Class<?> type = Class.forName("io.tunnelwatch.core.internal.winevent.WinEventParser");
    Constructor<?> constructor = type.getConstructor(List.class);
    Object parser = constructor.newInstance(DATA);
    Method parse = type.getMethod("parse", byte[].class, int.class, int.class);
    Object event;
    try {
      event = parse.invoke(parser, xml, 0, xml.length);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      return List.of("rejected: " + (cause == null ? "?" : cause.getClass().getSimpleName()));
    }
    List<@Nullable String> values = new ArrayList<>();
    for (String accessor : List.of("provider", "eventId", "version", "systemTime", "computer", "userId")) {
      values.add((String) event.getClass().getMethod(accessor).invoke(event));
    }
    Method data = event.getClass().getMethod("data", int.class);
    for (int i = 0; i < DATA.size(); i++) {
      values.add((String) data.invoke(event, i));
    }
    return values;
  }

  @Test
  void eventViewerExportInUtf16_eachSplitEventReadsAsItsSourceLine() throws ReflectiveOperationException {
    XmlEventSplitterTest.Export export = XmlEventSplitterTest.eventViewerExport(LINES);
    byte[] input = XmlEventSplitterTest.encode(export.text(), StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE);

    Collected c = Collected.split(input);

    assertThat(c.events).hasSameSizeAs(LINES);
    for (int i = 0; i < LINES.size(); i++) {
      List<@Nullable String> split = parse(c.events.get(i).utf8());
      assertThat(split.get(0)).as("event %d", i).doesNotStartWith("rejected");
      assertThat(split).as("event %d", i).isEqualTo(parse(LINES.get(i).getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void namespaceDeclaredOnTheWrapperOnly_readsTheSameByLocalName() throws ReflectiveOperationException {
    String ns = " xmlns='" + XmlEventSplitter.EVENT_NAMESPACE + "'";
    List<String> bare = LINES.stream().map(l -> l.replace(ns, "")).collect(Collectors.toList());
    String text = "<Events" + ns + ">\n" + String.join("\n", bare) + "\n</Events>";

    Collected c = Collected.split(text.getBytes(StandardCharsets.UTF_8));

    assertThat(c.events).hasSameSizeAs(LINES);
    for (int i = 0; i < LINES.size(); i++) {
      assertThat(parse(c.events.get(i).utf8())).isEqualTo(parse(LINES.get(i).getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void unwrappedHecAndSplunkExportLines_readAsTheirSourceLine() throws Exception {
    WrappedXml wrapped = new WrappedXml();
    for (String line : LINES) {
      for (String json : List.of(WrappedXmlTest.hec(line, false), WrappedXmlTest.splunkExport(line, true, true))) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        byte[] xml = wrapped.unwrap(b, 0, b.length);
        assertThat(xml).isNotNull();
        if (xml != null) {
          assertThat(parse(xml)).isEqualTo(parse(line.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
  }
}
