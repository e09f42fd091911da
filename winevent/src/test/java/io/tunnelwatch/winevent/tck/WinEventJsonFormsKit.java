// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.Rejection;
import io.tunnelwatch.core.tck.GoldenEvents;
import io.tunnelwatch.winevent.evtxwriter.SampleFiles;
import io.tunnelwatch.winevent.internal.evtx.EvtxCorpus;
import io.tunnelwatch.winevent.jsonforms.EvtxDumpStyle;
import io.tunnelwatch.winevent.jsonforms.HelkVariant;
import io.tunnelwatch.winevent.jsonforms.JsonForms;
import io.tunnelwatch.winevent.jsonforms.NxlogVariant;
import io.tunnelwatch.winevent.jsonforms.SourceEvent;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * DESIGN section 4.3 as a kit: a record gives the row of its XML rendering from every JSON form,
 * with only the losses DESIGN names. A Windows adapter's test extends this class with its format.
 * The JSON is rendered from the XML by the test converters of {@code jsonforms}, which are checked
 * against real examples of each form ({@code JsonFormsShapeTest}).
 *
 * <ul>
 *   <li>every event of the format's real corpus in the repository (OTRF, {@code docs/fixtures}) and
 *       of the shared corpus (skipped with a message where it is absent) in every form: the same
 *       row, field by field, but for each form's documented losses;
 *   <li>the format's events of {@code examples/data} (devtunnel executions included) in every form
 *       and in the file layouts evtx_dump writers use (one per line, pretty-printed back to back, an
 *       array): the rows of their XML lines; a damaged record is rejected naming its line and the
 *       others are kept; the prefilter keeps exactly the matching rows;
 *   <li>NXLog's local times: read in the source zone, they give the rows of the XML; the summary
 *       counts the events whose time was read in it.
 * </ul>
 */
public abstract class WinEventJsonFormsKit {
  /** The zone the renderings' local times are written in: not UTC, so that a wrong zone shows. */
  private static final ZoneId LOCAL = ZoneId.of("Asia/Kolkata");

  /** The format under test. */
  protected abstract WinEventFormat format();

  /** The base name of the format's file in {@code shared/corpus/hayabusa}: {@code <name>.splunk.xml}. */
  protected abstract String corpusName();

  /**
   * The class-path resource of the test holding the format's real events in the repository, one
   * XmlWinEventLog line each (the OTRF renderings of {@code docs/fixtures}), e.g.
   * {@code /sysmon/sysmon_eid1.splunk.xml}.
   */
  protected abstract String repositoryCorpus();

  /**
   * One JSON form: how it renders an event, what DESIGN 4.3 says it loses (applied to the XML row),
   * and the precision of the time it keeps (rows are compared at it; a tstats row keeps seconds).
   */
  private record Form(String name, Function<SourceEvent, String> render, UnaryOperator<Map<String, String>> losses,
      ChronoUnit time) {}

  private List<Form> forms() {
    List<Form> forms = new ArrayList<>(List.of(
        // evtx_dump writes six fraction digits
        new Form("evtx_dump", e -> JsonForms.evtxDump(e, EvtxDumpStyle.PLAIN), r -> r, ChronoUnit.MICROS),
        new Form("evtx_dump-hayabusa", e -> JsonForms.evtxDump(e, EvtxDumpStyle.HAYABUSA.withQualifiers(0)), r -> r,
            ChronoUnit.MICROS),
        new Form("ecs-raw", JsonForms::ecsRaw, r -> r, ChronoUnit.MILLIS),
        new Form("ecs-raw-metadata", JsonForms::ecsRawWithMetadata, r -> r, ChronoUnit.MILLIS),
        new Form("ecs-ingested", JsonForms::ecsIngested, WinEventJsonFormsKit::ecsIngestedLosses, ChronoUnit.MILLIS),
        new Form("ecs-original", JsonForms::ecsIngestedWithOriginal, r -> r, ChronoUnit.NANOS),
        new Form("nxlog", e -> JsonForms.nxlog(e, LOCAL, NxlogVariant.CLASSIC), r -> r, ChronoUnit.SECONDS),
        new Form("nxlog-logstash", e -> JsonForms.nxlog(e, LOCAL, NxlogVariant.LOGSTASH), this::logstashLosses,
            ChronoUnit.SECONDS),
        new Form("helk", e -> JsonForms.helk(e, LOCAL), this::helkLosses, ChronoUnit.MILLIS),
        new Form("helk-untimestamped", e -> JsonForms.helk(e, LOCAL, HelkVariant.UNTIMESTAMPED), this::helkLosses,
            ChronoUnit.MILLIS)));
    if (isSecurity()) {
      forms.add(new Form("sentinel", JsonForms::sentinel, r -> r, ChronoUnit.MICROS));
    }
    return forms;
  }

  private boolean isSecurity() {
    return format().provider().equals("Microsoft-Windows-Security-Auditing");
  }

  /** The pipeline drops all-zero GUIDs and hashes (DESIGN 4.3): they follow the missing-value rule. */
  private static Map<String, String> ecsIngestedLosses(Map<String, String> row) {
    for (Field f : List.of(Field.PROCESS_GUID, Field.PARENT_PROCESS_GUID)) {
      if ("{00000000-0000-0000-0000-000000000000}".equals(row.get(f.cimName()))) {
        row.put(f.cimName(), f.missingValue());
      }
    }
    String hashes = row.get(Field.PROCESS_HASH.cimName());
    if (hashes != null && !Field.PROCESS_HASH.isMissing(hashes)) {
      List<String> kept = java.util.Arrays.stream(hashes.split(",")).filter(h -> !h.matches("[A-Z0-9]+=0+")).toList();
      row.put(Field.PROCESS_HASH.cimName(), kept.isEmpty() ? Field.PROCESS_HASH.missingValue() : String.join(",", kept));
    }
    return row;
  }

  /** NXLog through Logstash loses Sysmon's ProcessId and its Message (the id cannot be recovered). */
  private Map<String, String> logstashLosses(Map<String, String> row) {
    if (!isSecurity()) {
      row.put(Field.PROCESS_ID.cimName(), Field.PROCESS_ID.missingValue());
    }
    return row;
  }

  /** HELK keeps no UserID: Sysmon's user_id is missing (4688's is null anyway). */
  private Map<String, String> helkLosses(Map<String, String> row) {
    row.put(Field.USER_ID.cimName(), Field.USER_ID.missingValue());
    return row;
  }

  /**
   * HELK writes local time labelled {@code Z} (DESIGN 4.3); the rendering uses {@link #LOCAL}, so a
   * 4688 event (whose time is that one) is off by the zone's offset; Sysmon reads its UtcTime.
   */
  private String expectedTime(Form form, String xmlTime) {
    Instant t = Instant.parse(xmlTime);
    if (form.name().equals("helk") && isSecurity()) {
      t = t.plusSeconds(LOCAL.getRules().getOffset(t).getTotalSeconds());
    }
    return t.truncatedTo(form.time()).toString();
  }

  // --- reading --------------------------------------------------------------------------------------

  private record Read(List<ProcessEvent> events, ReadSummary summary) {}

  private EventReader.Builder builder() {
    return EventReader.builder().addFormat(format()).maxRejections(10_000);
  }

  private static Read read(EventReader reader, String text, String source) {
    List<ProcessEvent> events = new ArrayList<>();
    try {
      ReadSummary s = reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source, events::add);
      return new Read(events, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> row(ProcessEvent e, ChronoUnit precision) {
    Map<String, String> row = new LinkedHashMap<>(GoldenEvents.valuesOf(e));
    row.put("_time", e.time().truncatedTo(precision).toString());
    return row;
  }

  private static String lines(List<String> objects) {
    return String.join("\n", objects) + "\n";
  }

  /** The rows of the XML events as {@code form} keeps them. */
  private List<Map<String, String>> expected(Form form, List<ProcessEvent> fromXml) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (ProcessEvent x : fromXml) {
      Map<String, String> row = form.losses().apply(row(x, ChronoUnit.NANOS));
      row.put("_time", expectedTime(form, x.time().toString()));
      rows.add(row);
    }
    return rows;
  }

  /** Where the rows read from {@code form} differ from {@code expected}: record, field, expected | actual. */
  private static List<String> differences(Form form, List<Map<String, String>> expected, List<ProcessEvent> actual) {
    List<String> d = new ArrayList<>();
    if (expected.size() != actual.size()) {
      d.add(expected.size() + " rows expected but " + actual.size() + " read");
      return d;
    }
    for (int i = 0; i < expected.size(); i++) {
      Map<String, String> row = row(actual.get(i), form.time());
      for (Map.Entry<String, String> e : expected.get(i).entrySet()) {
        if (!Objects.equals(e.getValue(), row.get(e.getKey()))) {
          d.add("record " + (i + 1) + " " + e.getKey() + ": " + e.getValue() + " | " + row.get(e.getKey()));
        }
      }
    }
    return d;
  }

  // --- the shared corpus ----------------------------------------------------------------------------

  private List<String> corpusLines() throws IOException {
    Path root = EvtxCorpus.root();
    Path file = root == null ? null : root.resolve("hayabusa/" + corpusName() + ".splunk.xml");
    Assumptions.assumeTrue(file != null && Files.isRegularFile(file),
        "shared/corpus/hayabusa/" + corpusName() + ".splunk.xml is absent (set -Dtunnelwatch.corpus=...): the corpus"
            + " is not in the repository (licence unknown), so the JSON fidelity checks on it are skipped");
    return Files.readAllLines(Objects.requireNonNull(file), StandardCharsets.UTF_8);
  }

  @Test
  void corpusEvents_giveTheRowOfTheirXml_inEveryJsonForm_butForTheDocumentedLosses() throws IOException {
    everyJsonForm_givesTheRowOfTheXml(corpusLines());
  }

  @Test
  void repositoryEvents_giveTheRowOfTheirXml_inEveryJsonForm_butForTheDocumentedLosses() throws IOException {
    List<String> xml;
    try (var in = Objects.requireNonNull(getClass().getResourceAsStream(repositoryCorpus()), repositoryCorpus())) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
    assertThat(xml).as(repositoryCorpus()).hasSizeGreaterThan(30);
    everyJsonForm_givesTheRowOfTheXml(xml);
  }

  private void everyJsonForm_givesTheRowOfTheXml(List<String> xml) {
    Read fromXml = read(builder().build(), lines(xml), "xml");
    assertThat(fromXml.summary().rejections()).isEmpty();
    assertThat(fromXml.events()).hasSameSizeAs(xml);
    List<SourceEvent> sources = xml.stream().map(SourceEvent::parse).toList();
    EventReader reader = builder().sourceZone(LOCAL).build();
    for (Form form : forms()) {
      Read r = read(reader, lines(sources.stream().map(form.render()).toList()), form.name());
      assertThat(r.summary().rejections()).as(form.name() + " rejections").isEmpty();
      assertThat(r.events()).as(form.name() + " events").hasSameSizeAs(xml);
      assertThat(differences(form, expected(form, fromXml.events()), r.events())).as(form.name() + ": xml | json").isEmpty();
    }
  }

  // --- the examples, devtunnel executions included ---------------------------------------------------

  private List<String> exampleEvents() {
    List<String> lines = SampleFiles.exampleXmlLines();
    Read r = read(builder().build(), lines(lines), "lines");
    List<String> events = r.events().stream().map(e -> lines.get((int) e.origin().line() - 1)).toList();
    assertThat(events).as("events of " + format().id() + " in examples/data").hasSizeGreaterThan(2);
    assertThat(r.events().stream().anyMatch(WinEventJsonFormsKit::matches)).as("a devtunnel execution").isTrue();
    return events;
  }

  private static boolean matches(ProcessEvent e) {
    return DetectionPredicate.defaults().test(e).matched();
  }

  /** A record cut short: the JSON ends inside the object. */
  private static String damaged(String json) {
    return json.substring(0, json.length() / 2);
  }

  @Test
  void exampleEvents_giveTheRowsOfTheirLines_inEveryFormAndLayout_andADamagedRecordIsRejectedAlone() {
    List<String> xml = exampleEvents();
    List<SourceEvent> sources = xml.stream().map(SourceEvent::parse).toList();
    Read fromXml = read(builder().build(), lines(xml), "xml");
    EventReader reader = builder().sourceZone(LOCAL).build();
    for (Form form : forms()) {
      List<String> objects = sources.stream().map(form.render()).toList();
      List<Map<String, String>> expected = expected(form, fromXml.events());
      Map<String, String> layouts = new LinkedHashMap<>();
      layouts.put("lines", lines(objects));
      layouts.put("pretty", JsonForms.prettyConcatenated(objects));
      layouts.put("array", JsonForms.prettyArray(objects));
      for (Map.Entry<String, String> layout : layouts.entrySet()) {
        String what = form.name() + " " + layout.getKey();
        Read r = read(reader, layout.getValue(), what);
        assertThat(r.summary().rejections()).as(what + " rejections").isEmpty();
        assertThat(differences(form, expected, r.events())).as(what + ": xml | json").isEmpty();
      }
      int bad = objects.size() / 2;
      List<String> withBad = new ArrayList<>(objects);
      withBad.set(bad, damaged(objects.get(bad)));
      Read d = read(reader, lines(withBad), form.name());
      List<Map<String, String>> others = new ArrayList<>(expected);
      others.remove(bad);
      assertThat(differences(form, others, d.events())).as(form.name() + " around a damaged record").isEmpty();
      assertThat(d.summary().rejections()).extracting(Rejection::line).as(form.name() + " damaged line")
          .containsExactly((long) bad + 1);
    }
  }

  /**
   * The compatibility kit's malformed inputs, in every form: each bad record is rejected naming its
   * line, never quoting a value, and every good record around it is read; strict mode stops at the
   * first one.
   */
  @Test
  void malformedRecords_inEveryForm_areRejectedNamingTheirLine_andTheNeighboursKept() throws IOException {
    String secret = "hunter2-secret-token";
    SourceEvent source = SourceEvent.parse(exampleEvents().get(0));
    for (Form form : forms()) {
      String good = form.render().apply(source);
      Map<String, String> bad = new LinkedHashMap<>();
      bad.put("truncated", good.substring(0, good.length() / 2) + secret);
      bad.put("garbage", "this is not a log line " + secret);
      bad.put("deeply nested", good.substring(0, good.length() - 1) + ",\"x\":" + "[".repeat(200) + "]".repeat(200) + "}");
      bad.put("a key twice", good.substring(0, good.length() - 1) + ",\"k\":\"" + secret + "\",\"k\":1}");
      bad.put("content after the object", good + " " + secret);
      bad.put("an array", "[" + good + "]");
      bad.put("oversized", good.substring(0, good.length() - 1) + ",\"pad\":\"" + "x".repeat(300_000) + "\"}");
      StringBuilder text = new StringBuilder(good).append('\n');
      for (String b : bad.values()) {
        text.append(b).append('\n').append(good).append('\n');
      }
      byte[] invalid = (good + "\n").getBytes(StandardCharsets.UTF_8);
      invalid[invalid.length / 2] = (byte) 0xFF; // not UTF-8
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(invalid);
      out.writeBytes((good + "\n").getBytes(StandardCharsets.UTF_8));
      byte[] input = out.toByteArray();

      List<ProcessEvent> events = new ArrayList<>();
      ReadSummary s = builder().maxLineLength(200_000).build().read(new ByteArrayInputStream(input), form.name(), events::add);
      int records = 2 * bad.size() + 3;
      List<Long> badLines = new ArrayList<>();
      for (int i = 0; i < bad.size(); i++) {
        badLines.add(2L + 2L * i);
      }
      badLines.add((long) records - 1);
      assertThat(events).as(form.name() + " good records").hasSize(bad.size() + 2);
      assertThat(s.rejections()).extracting(Rejection::line).as(form.name() + " bad lines").isEqualTo(badLines);
      assertThat(s.rejections()).as(form.name()).allSatisfy(r -> assertThat(r.toString()).doesNotContain(secret));

      List<ProcessEvent> strict = new ArrayList<>();
      byte[] strictInput = input;
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder().strict(true).build()
              .read(new ByteArrayInputStream(strictInput), form.name(), strict::add))
          .isInstanceOf(io.tunnelwatch.core.MalformedLineException.class);
      assertThat(strict).as(form.name() + " before the first bad record").hasSize(1);
    }
  }

  @Test
  void prefilter_keepsExactlyTheMatchingRows_inEveryForm() {
    List<SourceEvent> sources = exampleEvents().stream().map(SourceEvent::parse).toList();
    Detection detection = Detection.builder().build();
    EventReader all = builder().sourceZone(LOCAL).build();
    EventReader prefiltered = builder().sourceZone(LOCAL).prefilterFor(detection).build();
    for (Form form : forms()) {
      // Escape as Go's encoder does (<, >, &), as ensure_ascii writers do (non-ASCII), and the d of
      // every devtunnel: the prefilter must parse what it cannot see.
      String text = lines(sources.stream().map(form.render())
          .map(j -> JsonForms.escapeAll(j, c -> c == 'd' || c == '<' || c == '>' || c == '&' || c > 0x7f)).toList());
      Read a = read(all, text, form.name());
      Read p = read(prefiltered, text, form.name());
      assertThat(p.summary().rejections()).isEmpty();
      assertThat(detection.evaluate(p.events()).results()).as(form.name())
          .isEqualTo(detection.evaluate(a.events()).results()).isNotEmpty();
    }
  }

  @Test
  void nxlogLocalTimes_readInTheSourceZone_giveTheRowsOfTheXml_andAreCounted() {
    List<String> xml = exampleEvents();
    String nxlog = lines(xml.stream().map(SourceEvent::parse).map(e -> JsonForms.nxlog(e, LOCAL, NxlogVariant.CLASSIC)).toList());
    Read inZone = read(builder().sourceZone(LOCAL).build(), nxlog, "nxlog");
    Read inUtc = read(builder().build(), nxlog, "nxlog");
    Read fromXml = read(builder().build(), lines(xml), "xml");
    List<Instant> xmlTimes = fromXml.events().stream().map(e -> e.time().truncatedTo(ChronoUnit.SECONDS)).toList();
    assertThat(inZone.events().stream().map(e -> e.time().truncatedTo(ChronoUnit.SECONDS)).toList()).isEqualTo(xmlTimes);
    if (isSecurity()) {
      // 4688's time is NXLog's EventTime: read in the wrong zone it moves by the zone's offset.
      assertThat(inZone.summary().zonelessTimes()).isEqualTo(xml.size());
      assertThat(inUtc.events().get(0).time()).isNotEqualTo(inZone.events().get(0).time());
    } else {
      // Sysmon's time is its UtcTime: the zone decides nothing, and nothing is counted.
      assertThat(inZone.summary().zonelessTimes()).isZero();
      assertThat(inUtc.events().stream().map(ProcessEvent::time).toList())
          .isEqualTo(inZone.events().stream().map(ProcessEvent::time).toList());
    }
  }
}
