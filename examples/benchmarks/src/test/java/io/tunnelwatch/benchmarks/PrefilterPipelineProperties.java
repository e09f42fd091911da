// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.benchmarks.CorpusGenerator.Kind;
import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The prefilter never changes a result, end to end through the real adapters: the same lines read
 * with and without it give the same detection report. The lines are the generator's (real events
 * as templates) with devtunnel executions whose names are rewritten at random: case, XML character
 * references, CDATA and comments, JSON {@code \}{@code u} escapes and escaped backslashes, and names
 * planted where they do not match (command lines, longer names). The JSON renderings of Windows
 * events get the JSON rewrites, also inside the XML a Sentinel row carries.
 */
final class PrefilterPipelineProperties {
  private static final Pattern NAME = Pattern.compile("(?i)devtunnel\\.(exe|dll)");

  @Test
  void sameReport_withAndWithoutThePrefilter_overMutatedLines() throws IOException {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    for (Kind kind : Kind.values()) {
      // The JSON renderings of Windows events are read through winevent's container, found by discovery.
      UnaryOperator<EventReader.Builder> formats = kind.windowsJson()
          ? b -> b.addDiscoveredFormats(PrefilterPipelineProperties.class.getClassLoader())
          : b -> b.addFormat(Formats.forLine(new CorpusGenerator(kind, 1, 0).next()));
      for (int round = 0; round < 5; round++) {
        CorpusGenerator g = new CorpusGenerator(kind, rnd.nextLong(), 0.05);
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
          input.append(mutate(g.next(), kind, rnd)).append('\n');
        }
        byte[] bytes = input.toString().getBytes(StandardCharsets.UTF_8);
        for (DetectionPredicate p : List.of(DetectionPredicate.defaults(), DetectionPredicate.of("devtunnel.dll", "cmd.exe"))) {
          Detection d = Detection.builder().predicate(p).build();
          Result on = read(formats.apply(EventReader.builder().prefilterFor(d)).build(), d, bytes);
          Result off = read(formats.apply(EventReader.builder().noPrefilter()).build(), d, bytes);
          String what = String.format(Locale.ROOT, "seed %d, %s, %s", seed, kind, p);
          assertThat(on.report.results()).as(what).isEqualTo(off.report.results());
          assertThat(on.report.matchedEvents()).as(what).isEqualTo(off.report.matchedEvents());
          assertThat(on.summary.lines() + on.summary.records()).isEqualTo(off.summary.lines() + off.summary.records());
          assertThat(on.summary.prefiltered()).as(what).isPositive();
          assertThat(off.report.results()).as(what).isNotEmpty();
        }
      }
    }
  }

  /**
   * The reader scans a line for the last line's syntax while it looks for the line's end: the same
   * report with and without the prefilter when Sysmon XML, 4688 XML and FDR JSON lines (plain and
   * backslash-dense) follow each other at random, in runs or one by one, ended by LF, CRLF or CR,
   * read from a stream whose 64 KiB buffers cut lines anywhere.
   */
  @Test
  void sameReport_withAndWithoutThePrefilter_overMixedFormatsAndLineEnds() throws IOException {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    Kind[] kinds = {Kind.SYSMON, Kind.SECURITY_4688, Kind.CROWDSTRIKE, Kind.CROWDSTRIKE_PATHS};
    String[] ends = {"\n", "\r\n", "\r"};
    for (int round = 0; round < 4; round++) {
      CorpusGenerator[] g = new CorpusGenerator[kinds.length];
      for (int k = 0; k < kinds.length; k++) {
        g[k] = new CorpusGenerator(kinds[k], rnd.nextLong(), 0.05);
      }
      StringBuilder input = new StringBuilder();
      int k = 0;
      for (int i = 0; i < 3000; i++) {
        k = rnd.nextInt(round < 2 ? 8 : 2) == 0 ? rnd.nextInt(kinds.length) : k; // runs, then one by one
        input.append(mutate(g[k].next(), kinds[k], rnd)).append(ends[round == 0 ? 0 : rnd.nextInt(ends.length)]);
      }
      byte[] bytes = input.toString().getBytes(StandardCharsets.UTF_8);
      for (DetectionPredicate p : List.of(DetectionPredicate.defaults(), DetectionPredicate.of("devtunnel.dll", "cmd.exe"))) {
        Detection d = Detection.builder().predicate(p).build();
        UnaryOperator<EventReader.Builder> formats = b -> {
          for (Kind each : new Kind[] {Kind.SYSMON, Kind.SECURITY_4688, Kind.CROWDSTRIKE}) {
            b.addFormat(Formats.forLine(new CorpusGenerator(each, 1, 0).next()));
          }
          return b;
        };
        Result on = read(formats.apply(EventReader.builder().prefilterFor(d)).build(), d, bytes);
        Result off = read(formats.apply(EventReader.builder().noPrefilter()).build(), d, bytes);
        String what = String.format(Locale.ROOT, "seed %d, round %d, %s", seed, round, p);
        assertThat(on.report.results()).as(what).isEqualTo(off.report.results());
        assertThat(on.report.matchedEvents()).as(what).isEqualTo(off.report.matchedEvents());
        assertThat(on.summary.lines()).as(what).isEqualTo(off.summary.lines()).isEqualTo(3000);
        assertThat(on.summary.rejected()).as(what).isEqualTo(off.summary.rejected());
        assertThat(on.summary.prefiltered()).as(what).isPositive();
        assertThat(off.report.matchedEvents()).as(what).isPositive();
      }
    }
  }

  private record Result(DetectionReport report, ReadSummary summary) {}

  private static Result read(EventReader reader, Detection d, byte[] bytes) throws IOException {
    BatchDetection batch = d.batch();
    ReadSummary s = reader.read(new ByteArrayInputStream(bytes), "t", batch::accept);
    return new Result(batch.finish(), s);
  }

  /** Rewrites the names in a line, or plants one, at random. */
  private static String mutate(String line, Kind kind, Random rnd) {
    boolean xml = kind == Kind.SYSMON || kind == Kind.SECURITY_4688;
    int choice = rnd.nextInt(10);
    if (choice == 0) {
      // a name in the command line only, or a longer name: found by the byte search, never a match
      String planted = rnd.nextBoolean() ? "devtunnel.exe.bak" : "mydevtunnel.exe";
      return xml ? line.replaceFirst("</Data>", planted + "</Data>") : line.replaceFirst("\"CommandLine\":\"", "\"CommandLine\":\"" + planted + " ");
    }
    if (choice == 1 && !xml) {
      // an escaped backslash before the letter u: text, not an escape
      return line.replaceFirst("\"CommandLine\":\"", "\"CommandLine\":\"C:\\\\\\\\users\\\\\\\\u0064evtunnel.exe ");
    }
    Matcher m = NAME.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(encode(m.group(), xml, rnd)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String encode(String name, boolean xml, Random rnd) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = rnd.nextBoolean() ? Character.toUpperCase(name.charAt(i)) : Character.toLowerCase(name.charAt(i));
      int how = rnd.nextInt(xml ? 14 : 10);
      if (xml && how == 0) {
        b.append("&#").append((int) c).append(';');
      } else if (xml && how == 1) {
        b.append("&#x").append(Integer.toHexString(c)).append(';');
      } else if (xml && how == 2) {
        b.append("<![CDATA[").append(c).append("]]>");
      } else if (xml && how == 3) {
        b.append("<!---->").append(c);
      } else if (!xml && how == 0) {
        b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
