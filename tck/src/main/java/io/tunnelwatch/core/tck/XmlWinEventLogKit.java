// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.Rejection;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility kit plus what every XmlWinEventLog format must withstand: DOCTYPEs with
 * external entities (no file read, no network touched), entity expansion bombs, invalid UTF-8 inside
 * values, non-XML lines, truncation inside a value (the rejection names the field), and events of
 * other providers (skipped, whatever their payload says). Each bad line sits between two good ones
 * that must still become events.
 */
public abstract class XmlWinEventLogKit extends EventFormatCompatibilityKit {
  /** For the test class of each implementation, which extends this kit. */
  protected XmlWinEventLogKit() {}

  /** A name of an {@code EventData/Data} element that the format reads and that {@link #validLines()}' first line has. */
  protected String readDataName() {
    return "CommandLine";
  }

  /** Class-path resources of real corpus files of the format: one in-scope event a line. */
  protected abstract List<String> corpusResources();

  /** The name of the adapter's JPMS module. */
  protected abstract String moduleName();

  @Test
  void noCorpusEvent_matchesTheDefaultPredicate() throws IOException {
    List<ProcessEvent> all = new ArrayList<>();
    for (String resource : corpusResources()) {
      all.addAll(GoldenEvents.readAll(format(), resource));
    }
    assertThat(all).isNotEmpty();
    DetectionReport report = Detection.builder().build().evaluate(all);
    assertThat(report.matchedEvents()).isZero();
    assertThat(report.results()).isEmpty();
  }

  @Test
  void discovery_findsTheFormat() {
    EventReader reader = EventReader.builder().noPrefilter().addDiscoveredFormats(getClass().getClassLoader()).build();
    assertThat(reader.formats()).anySatisfy(f -> assertThat(f).isInstanceOf(format().getClass()));
    assertThat(reader.formatLoadProblems()).isEmpty();
  }

  @Test
  void moduleDescriptor_exportsTheFormatsPackageOnly_andProvidesTheFormat() throws Exception {
    Class<?> type = format().getClass();
    Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertThat(d.name()).isEqualTo(moduleName());
    assertThat(d.exports().stream().map(e -> e.source() + e.targets()).collect(Collectors.toSet()))
        .containsExactly(type.getPackageName() + "[]");
    assertThat(d.provides()).singleElement().satisfies(p -> {
      assertThat(p.service()).isEqualTo(EventFormat.class.getName());
      assertThat(p.providers()).containsExactly(type.getName());
    });
  }

  private byte[] line(int i) {
    return validLines().get(i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads first, bad, second; asserts that bad alone was rejected, as line 2, and returns that rejection. */
  private Rejection rejectedBetweenGoodLines(byte[] bad) throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, line(0), bad, line(1));
    assertThat(events).as("the good lines around the bad one").hasSize(2);
    assertThat(s.rejected()).isEqualTo(1);
    Rejection r = s.rejections().get(0);
    assertThat(r.line()).isEqualTo(2);
    return r;
  }

  /** The first valid line with {@code insert} placed right after the opening tag of {@code System/Computer}. */
  private String withInComputer(String prefix, String insert) {
    String l = validLines().get(0);
    int at = l.indexOf("<Computer>");
    assertThat(at).as("the first valid line has a Computer element").isPositive();
    at += "<Computer>".length();
    return prefix + l.substring(0, at) + insert + l.substring(at);
  }

  @Test
  void doctypeWithExternalEntities_isRejected_withoutReadingAFileOrTouchingTheNetwork(@TempDir Path dir) throws Exception {
    String secret = "tunnelwatch-secret-" + System.nanoTime();
    Path file = Files.writeString(dir.resolve("secret.txt"), secret);
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            connections.incrementAndGet();
            s.close();
          } catch (IOException e) {
            return; // closed
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String http = "http://127.0.0.1:" + server.getLocalPort();
      List<String> hostile = List.of(
          withInComputer("<!DOCTYPE Event [<!ENTITY f SYSTEM '" + file.toUri() + "'>]>", "&f;"),
          withInComputer("<!DOCTYPE Event [<!ENTITY h SYSTEM '" + http + "/entity'>]>", "&h;"),
          withInComputer("<!DOCTYPE Event SYSTEM '" + http + "/external.dtd'>", "&x;"),
          withInComputer("<!DOCTYPE Event [<!ENTITY % p SYSTEM '" + http + "/parameter.dtd'> %p;]>", "&x;"),
          withInComputer("<?xml version='1.0'?><!DOCTYPE Event [<!ENTITY f SYSTEM '" + file.toUri() + "'>]>", "&f;"));
      for (String h : hostile) {
        Rejection r = rejectedBetweenGoodLines(utf8(h));
        assertThat(r.toString()).doesNotContain(secret).doesNotContain(file.toString());
      }
      assertThat(connections).as("connections made while parsing").hasValue(0);
    }
  }

  /**
   * An external entity naming a FIFO: opening it would block until a writer comes, so a parser that
   * tried to read it would hang. Skipped where {@code mkfifo} is not available.
   */
  @Test
  void externalEntityNamingAFifo_isRejectedWithoutOpeningIt(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("fifo");
    boolean made;
    try {
      made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    } catch (IOException e) {
      made = false;
    }
    Assumptions.assumeTrue(made, "mkfifo is not available");
    String hostile = withInComputer("<!DOCTYPE Event [<!ENTITY f SYSTEM '" + fifo.toUri() + "'>]>", "&f;");
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      rejectedBetweenGoodLines(utf8(hostile));
    });
  }

  /**
   * Bytes allocated so far by the current thread (HotSpot's {@code com.sun.management.ThreadMXBean}),
   * reached by reflection because core's test module does not read {@code java.management}.
   */
  private static long allocatedBytes() throws ReflectiveOperationException {
    Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
    return (Long) allocated.invoke(bean, Thread.currentThread().getId());
  }

  @Test
  void entityExpansionBombs_areRejectedQuickly_inBoundedMemory() {
    StringBuilder laughs = new StringBuilder("<!DOCTYPE Event [<!ENTITY l0 'lol'>");
    for (int i = 1; i <= 10; i++) {
      laughs.append("<!ENTITY l").append(i).append(" '").append(("&l" + (i - 1) + ";").repeat(10)).append("'>");
    }
    laughs.append("]>");
    String billion = withInComputer(laughs.toString(), "&l10;");
    String quadratic = withInComputer("<!DOCTYPE Event [<!ENTITY a '" + "a".repeat(50_000) + "'>]>", "&a;".repeat(20_000));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (String bomb : List.of(billion, quadratic)) {
        long before = allocatedBytes();
        long start = System.nanoTime();
        rejectedBetweenGoodLines(utf8(bomb));
        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = allocatedBytes() - before;
        assertThat(millis).as("milliseconds to reject a bomb").isLessThan(2_000);
        // Expanded, the billion laughs is 3 GB and the quadratic one 1 GB; rejected, a few MB.
        assertThat(allocated).as("bytes allocated while rejecting a bomb").isLessThan(64L << 20);
      }
    });
  }

  @Test
  void entityDeclaredOnOneLine_isNotKnownOnTheNext() throws IOException {
    byte[] declares = utf8(withInComputer("<!DOCTYPE Event [<!ENTITY x 'leaked'>]>", "&x;"));
    byte[] uses = utf8(withInComputer("", "&x;"));
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, line(0), declares, uses, line(1));
    assertThat(s.rejected()).isEqualTo(2);
    assertThat(s.rejections()).extracting(Rejection::line).containsExactly(2L, 3L);
    assertThat(events).hasSize(2).noneMatch(e -> e.groupKey().values().stream().anyMatch(v -> v.contains("leaked")));
  }

  @Test
  void doctypeDeclaringAnEntity_isRejectedAsADoctype_withoutItsText() throws IOException {
    Rejection r = rejectedBetweenGoodLines(utf8(withInComputer("<!DOCTYPE Event [<!ENTITY x 'leaked'>]>", "&x;")));
    assertThat(r.reason()).contains("DOCTYPE");
    assertThat(r.toString()).doesNotContain("leaked").doesNotContain("ENTITY");
  }

  @Test
  void doctypeWithoutEntities_isRejected() throws IOException {
    Rejection r = rejectedBetweenGoodLines(utf8("<!DOCTYPE Event>" + validLines().get(0)));
    assertThat(r.reason()).contains("DOCTYPE");
  }

  @Test
  void undeclaredEntityReference_isRejected() throws IOException {
    Rejection r = rejectedBetweenGoodLines(utf8(withInComputer("", "&lol;")));
    assertThat(r.field()).isEqualTo("Computer");
  }

  @Test
  void lineThatStartsLikeXmlButIsNot_isRejected() throws IOException {
    Rejection r = rejectedBetweenGoodLines(utf8("<this is not xml"));
    assertThat(r.format()).isEqualTo(format().id());
    assertThat(r.reason()).contains("well-formed");
  }

  @Test
  void wellFormedXmlThatIsNotAnEvent_isRejected() throws IOException {
    Rejection r = rejectedBetweenGoodLines(utf8("<Events><Event/></Events>"));
    assertThat(r.reason()).contains("Event");
  }

  @Test
  void jsonLine_isNotClaimed() throws IOException {
    byte[] json = utf8("{\"event_simpleName\":\"ProcessRollup2\"}");
    assertThat(format().claim(json, 0, json.length)).isEqualTo(LineClaim.NO);
    Rejection r = rejectedBetweenGoodLines(json);
    assertThat(r.format()).isNull();
  }

  @Test
  void invalidUtf8InsideAValue_isRejectedAsInvalidUtf8() throws IOException {
    byte[][] sequences = {
      {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0xE2, (byte) 0x82}, // cut short
    };
    String l = validLines().get(0);
    int at = l.indexOf("</Computer>");
    for (byte[] seq : sequences) {
      byte[] head = utf8(l.substring(0, at));
      byte[] tail = utf8(l.substring(at));
      byte[] bad = new byte[head.length + seq.length + tail.length];
      System.arraycopy(head, 0, bad, 0, head.length);
      System.arraycopy(seq, 0, bad, head.length, seq.length);
      System.arraycopy(tail, 0, bad, head.length + seq.length, tail.length);
      Rejection r = rejectedBetweenGoodLines(bad);
      assertThat(r.reason()).contains("invalid UTF-8").contains("byte " + (head.length + 1));
    }
  }

  @Test
  void truncationInsideAValue_namesTheField() throws IOException {
    String l = validLines().get(0);
    String open = "Name='" + readDataName() + "'>";
    int at = l.indexOf(open);
    if (at < 0) {
      open = "Name=\"" + readDataName() + "\">";
      at = l.indexOf(open);
    }
    assertThat(at).as("the first valid line has " + readDataName()).isPositive();
    Rejection r = rejectedBetweenGoodLines(utf8(l.substring(0, at + open.length() + 3)));
    assertThat(r.field()).isEqualTo(readDataName());
    assertThat(r.reason()).contains("well-formed");
  }

  @Test
  void everyPrefixOfAValidLine_isRejected() throws IOException {
    byte[] full = line(0);
    for (int cut = 1; cut < full.length; cut += Math.max(1, full.length / 97)) {
      byte[] prefix = java.util.Arrays.copyOf(full, cut);
      List<ProcessEvent> events = new ArrayList<>();
      ReadSummary s = read(events, prefix);
      assertThat(s.rejected()).as("prefix of " + cut + " bytes").isEqualTo(1);
    }
  }

  @Test
  void otherProvider_isSkipped_evenWhenItsPayloadNamesTheProvidersWeRead() throws IOException {
    String powershell = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        + "<Provider Name='Microsoft-Windows-PowerShell' Guid='{A0C1853B-5C40-4B15-8766-3CF1C58F985A}'/>"
        + "<EventID>4104</EventID><Version>1</Version><TimeCreated SystemTime='2024-04-23T08:48:30.4493768Z'/>"
        + "<Computer>ar-win-1</Computer><Security UserID='S-1-5-18'/></System><EventData>"
        + "<Data Name='ScriptBlockText'>Get-WinEvent -ProviderName Microsoft-Windows-Sysmon; "
        + "&lt;Provider Name='Microsoft-Windows-Security-Auditing'/&gt; 4688 &lt;EventID&gt;1&lt;/EventID&gt;</Data>"
        + "</EventData></Event>";
    byte[] b = utf8(powershell);
    assertThat(format().claim(b, 0, b.length)).isEqualTo(LineClaim.FAMILY);
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, line(0), b, line(1));
    assertThat(s.rejections()).isEmpty();
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(events).hasSize(2);
  }
}
