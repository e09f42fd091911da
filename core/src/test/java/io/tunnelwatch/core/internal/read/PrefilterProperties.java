// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.tck.Seeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiFunction;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The prefilter's law: when it says a line cannot match, no value of the line, as a real parser
 * decodes it (JDK StAX for XML, Jackson for JSON), contains a name in any case. Checked over the
 * real corpus lines and over lines with names injected by random case, character references,
 * escapes, CDATA and comments, for the default names and for names with a {@code k}.
 */
@ExtendWith(Seeds.class)
final class PrefilterProperties {
  private static final String[] XML_FILES = {
    "sysmon_eid1.splunk.xml", "sysmon_eid1.pyevtx.xml", "security_4688.splunk.xml", "security_4688.pyevtx.xml",
    "sysmon_eventid_1.example_log.xml", "windows_event_log_security_4688.example_log.xml",
  };
  private static final String[] JSON_FILES = {
    "panther_fdr_processrollup2_win.jsonl", "crowdstrike_processrollup2.example_log.json",
  };
  private static final String[][] NAMES = {
    {"devtunnel.dll", "devtunnel.exe"}, {"kworker.dll", "sk.exe"}, {"cmd.exe", "powershell.exe"},
  };
  private static final XMLInputFactory XML = XMLInputFactory.newDefaultFactory();
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
  }

  @Test
  void realLines_thatThePrefilterPassesOver_holdNoName() {
    int passed = 0;
    int total = 0;
    for (String[] names : NAMES) {
      Prefilter p = PrefilterTest.of(names[0], names[1]);
      for (String file : XML_FILES) {
        for (String line : lines(file)) {
          total++;
          passed += check(p, names, line, LineSyntax.XML, 0) ? 0 : 1;
        }
      }
      for (String file : JSON_FILES) {
        for (String line : lines(file)) {
          total++;
          passed += check(p, names, line, LineSyntax.JSON, 0) ? 0 : 1;
        }
      }
    }
    // cmd.exe and powershell.exe are in the corpus: the check above saw both outcomes
    assertThat(passed).isPositive().isLessThan(total);
  }

  @Test
  void mutatedPositives_areNeverPassedOver() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    List<String> xml = new ArrayList<>();
    for (String f : XML_FILES) {
      xml.addAll(lines(f));
    }
    List<String> json = new ArrayList<>();
    for (String f : JSON_FILES) {
      json.addAll(lines(f));
    }
    neverPassedOver(seed, rnd, 4000, (name, r) -> {
      boolean isXml = r.nextBoolean();
      String base = isXml ? xml.get(r.nextInt(xml.size())) : json.get(r.nextInt(json.size()));
      return isXml
          ? new Injected(injectXml(base, xmlEncode(name, r), r), LineSyntax.XML)
          : new Injected(injectJson(base, jsonEncode(name, r), r), LineSyntax.JSON);
    });
  }

  /** A line with a name put in, and its syntax. */
  private record Injected(String line, LineSyntax syntax) {}

  /**
   * Checks the law on {@code count} lines that {@code inject} makes with a name, and that they
   * held both names the byte search sees and names only a parser sees.
   */
  private static void neverPassedOver(long seed, Random rnd, int count, BiFunction<String, Random, Injected> inject) {
    int hidden = 0;
    int visible = 0;
    for (int i = 0; i < count; i++) {
      String[] names = NAMES[rnd.nextInt(NAMES.length)];
      Prefilter p = PrefilterTest.of(names[0], names[1]);
      String name = names[rnd.nextInt(2)];
      Injected in = inject.apply(name, rnd);
      boolean decodedHasName = check(p, names, in.line(), in.syntax(), seed);
      if (decodedHasName && !in.line().toLowerCase(Locale.ROOT).contains(name)) {
        hidden++;
      } else if (decodedHasName) {
        visible++;
      }
    }
    assertThat(hidden).as("seed %s", seed).isGreaterThan(100);
    assertThat(visible).as("seed %s", seed).isGreaterThan(100);
  }

  /**
   * Rule 7: XML held in a JSON string (an Elastic {@code event.original}, a Sentinel
   * {@code EventData}), with names hidden by XML references, CDATA and comments, and the XML's
   * characters by JSON escapes, is never passed over when the XML, as parsed out of the JSON, holds a
   * name.
   */
  @Test
  void xmlInsideJson_mutatedPositives_areNeverPassedOver() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    List<String> xml = new ArrayList<>();
    for (String f : XML_FILES) {
      xml.addAll(lines(f));
    }
    int hidden = 0;
    int visible = 0;
    for (int i = 0; i < 3000; i++) {
      String[] names = NAMES[rnd.nextInt(NAMES.length)];
      Prefilter p = PrefilterTest.of(names[0], names[1]);
      String name = names[rnd.nextInt(2)];
      String event = injectXml(xml.get(rnd.nextInt(xml.size())), xmlEncode(name, rnd), rnd);
      String line = "{\"EventID\":4688,\"" + (rnd.nextBoolean() ? "EventData" : "original") + "\":"
          + jsonString(event, rnd) + ",\"Computer\":\"h\"}";
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      List<String> values = new ArrayList<>();
      for (String v : jsonValues(b)) {
        values.add(v);
        if (v.startsWith("<")) {
          values.addAll(xmlValues(v.getBytes(StandardCharsets.UTF_8)));
        }
      }
      boolean holds = values.stream().map(v -> v.toLowerCase(Locale.ROOT))
          .anyMatch(v -> v.contains(names[0]) || v.contains(names[1]));
      if (holds) {
        assertThat(p.mayMatch(b, 0, b.length, LineSyntax.JSON_WITH_XML))
            .as("seed %s: a line holding %s was passed over: %s", seed, name, line)
            .isTrue();
        if (line.toLowerCase(Locale.ROOT).contains(name)) {
          visible++;
        } else {
          hidden++;
        }
      }
    }
    assertThat(hidden).as("seed %s", seed).isGreaterThan(100);
    assertThat(visible).as("seed %s", seed).isGreaterThan(100);
  }

  /**
   * FDR lines as real exports are, every path written with escaped backslashes ({@code C:\\Program
   * Files\\…}), with a name right after such a separator ({@code \\devtunnel.exe}), partly
   * written as {@code \}{@code u} escapes ({@code devtunne\}{@code u006c}, {@code \\\}{@code u0064evtunnel})
   * or as text that only looks like one ({@code \\u0064}): a line whose decoded values hold a name
   * is never passed over.
   */
  @Test
  void backslashDenseJsonLines_withNamesAfterEscapes_areNeverPassedOver() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    List<String> json = new ArrayList<>();
    for (String f : JSON_FILES) {
      json.addAll(lines(f));
    }
    neverPassedOver(seed, rnd, 3000, (name, r) -> {
      String path = backslashes(r) + "Program Files" + backslashes(r) + "users" + backslashes(r) + jsonEncode(name, r);
      return new Injected(injectJson(backslashDense(json.get(r.nextInt(json.size())), r), path, r), LineSyntax.JSON);
    });
  }

  /**
   * The fused one-pass scans say exactly what the rules say, checked the slow and obvious way, on
   * short random lines of backslashes, quotes, {@code u}, {@code &#}, {@code <!}, {@code <?}, a
   * Kelvin sign and pieces of the needle, at every alignment (the scans read eight bytes at a time
   * and finish byte by byte): any difference is a line passed over that may match, or a fast path
   * that parses for no reason.
   */
  @Test
  void fusedScans_sayWhatTheRulesSay_atEveryAlignment() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    String[] pieces = {
      "\\", "\\", "\\\\", "u", "U", "\\u", "\\\\u", "devtunnel.", "DEVTUNNEL.", "devtunne", "vtun", "evt", "un",
      "&", "&#", "<", "<!", "<?", "!", "?", "\u212A", "\"", "x", "ab", " ", "k", "K",
    };
    int maybe = 0;
    int passed = 0;
    for (int i = 0; i < 20_000; i++) {
      String[] names = NAMES[rnd.nextInt(NAMES.length)];
      Prefilter p = PrefilterTest.of(names[0], names[1]);
      StringBuilder b = new StringBuilder();
      for (int n = rnd.nextInt(24); n > 0; n--) {
        b.append(pieces[rnd.nextInt(pieces.length)]);
      }
      String line = b.toString();
      byte[] l = line.getBytes(StandardCharsets.UTF_8);
      int off = rnd.nextInt(9);
      byte[] buffer = new byte[off + l.length + rnd.nextInt(9)];
      java.util.Arrays.fill(buffer, (byte) '\\'); // around the line: never read
      System.arraycopy(l, 0, buffer, off, l.length);
      for (LineSyntax syntax : new LineSyntax[] {LineSyntax.XML, LineSyntax.JSON, LineSyntax.JSON_WITH_XML}) {
        boolean expected = rules(p, names, line, syntax);
        assertThat(p.mayMatch(buffer, off, l.length, syntax))
            .as("seed %s: %s line [%s] names %s", seed, syntax, line, String.join(", ", names))
            .isEqualTo(expected);
        if (expected) {
          maybe++;
        } else {
          passed++;
        }
      }
    }
    assertThat(maybe).as("seed %s", seed).isGreaterThan(1000);
    assertThat(passed).as("seed %s", seed).isGreaterThan(1000);
  }

  /**
   * The reader's one pass ({@link Prefilter#scanLine}: the line end search and the fused scan
   * together) finds the first line end that a byte-by-byte loop finds, and says of the line before
   * it what {@link Prefilter#mayMatch} says of that line alone, at every alignment: on buffers of
   * several short lines ended by LF, CR or CRLF, from pieces that put a needle, an escape or a
   * reference across a line end ({@code devtunne} then {@code l.} on the next line, {@code &} then
   * {@code #}, a backslash then {@code u}, a Kelvin sign cut in two), escaped needles
   * ({@code devtunne\}{@code u006c}, {@code \\\\u} runs) and backslash-dense paths.
   */
  @Test
  void scanLine_findsTheLineEnd_andSaysWhatMayMatchSays_atEveryAlignment() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    String[] pieces = {
      "\\\\", "\\", "\\\\\\\\u", "u", "U", "\\u", "devtunnel.", "DEVTUNNEL.", "devtunne", "l.", "devtunne\\u006c.",
      "\\\\u0064evtunnel.", "&", "#", "&#", "<", "!", "<!", "?", "\u00e2", "\u0084", "\u00aa",
      "C:\\\\Program Files\\\\", "c:\\\\users\\\\", "x", "ab", " ", "k", "\n", "\r", "\r\n",
    };
    int lines = 0;
    int maybe = 0;
    for (int i = 0; i < 20_000; i++) {
      String[] names = NAMES[rnd.nextInt(NAMES.length)];
      Prefilter p = PrefilterTest.of(names[0], names[1]);
      StringBuilder t = new StringBuilder();
      for (int n = rnd.nextInt(32); n > 0; n--) {
        t.append(pieces[rnd.nextInt(pieces.length)]);
      }
      // the Kelvin sign's pieces as the raw bytes E2 84 AA, so that a line end can cut it
      byte[] text = t.toString().getBytes(StandardCharsets.ISO_8859_1);
      int off = rnd.nextInt(9);
      byte[] b = new byte[off + text.length + rnd.nextInt(9)];
      java.util.Arrays.fill(b, (byte) 'u'); // around the text: never read
      System.arraycopy(text, 0, b, off, text.length);
      int to = off + text.length;
      LineSyntax syntax = rnd.nextBoolean() ? LineSyntax.XML : LineSyntax.JSON;
      // two needles (kworker.dll and sk.exe share only a k): the reader scans such lines on their own
      assertThat(p.findsLines(syntax)).isEqualTo(p.needles().size() == 1);
      if (!p.findsLines(syntax)) {
        continue;
      }
      for (int from = off; from < to; ) {
        int end = from;
        while (end < to && b[end] != '\n' && b[end] != '\r') {
          end++;
        }
        long r = p.scanLine(b, from, to, syntax);
        String what = String.format(Locale.ROOT, "seed %s: %s line at %d of [%s] names %s", seed, syntax, from - off,
            new String(text, StandardCharsets.ISO_8859_1), String.join(", ", names));
        if (end == to) {
          assertThat(r).as(what).isNegative();
          break;
        }
        boolean expected = p.mayMatch(b, from, end - from, syntax);
        assertThat(r >>> 1).as(what).isEqualTo(end);
        assertThat((r & Prefilter.MAY) != 0).as(what).isEqualTo(expected);
        lines++;
        maybe += expected ? 1 : 0;
        from = end + 1;
      }
    }
    assertThat(maybe).as("seed %s", seed).isGreaterThan(1000);
    assertThat(lines - maybe).as("seed %s", seed).isGreaterThan(1000);
  }

  /** The prefilter's rules 2 and 5 to 7 (of a line that is UTF-8), written the slow way. */
  private static boolean rules(Prefilter p, String[] names, String line, LineSyntax syntax) {
    String asciiFolded = line.chars().map(c -> c >= 'A' && c <= 'Z' ? c + 32 : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    if (p.needles().stream().anyMatch(asciiFolded::contains)) {
      return true;
    }
    boolean kelvin = (names[0] + names[1]).indexOf('k') >= 0 && line.indexOf('\u212A') >= 0;
    boolean json = false;
    for (int i = line.indexOf("\\u"); i >= 0; i = line.indexOf("\\u", i + 1)) {
      int run = 1;
      while (i - run >= 0 && line.charAt(i - run) == '\\') {
        run++;
      }
      json |= (run & 1) == 1;
    }
    boolean xml = line.contains("&#") || line.contains("<!") || line.contains("<?");
    boolean anyAmpersand = (names[0] + names[1]).chars().anyMatch(c -> "&<>\"'".indexOf(c) >= 0);
    xml |= anyAmpersand && line.contains("&");
    boolean anyBackslash = (names[0] + names[1]).chars().anyMatch(c -> c == '"' || c == '\\' || c == '/' || c < 0x20);
    json |= anyBackslash && line.contains("\\");
    return kelvin || switch (syntax) {
      case XML -> xml;
      case JSON -> json;
      default -> json || xml;
    };
  }

  /** One or two path separators, each an escaped backslash: a run of two or four backslashes. */
  private static String backslashes(Random rnd) {
    return "\\\\".repeat(1 + rnd.nextInt(2));
  }

  /** The line with every path separator of its values written as an escaped backslash, and some more paths. */
  private static String backslashDense(String line, Random rnd) {
    String paths = "C:\\\\Program Files\\\\Microsoft Office\\\\root\\\\Office16\\\\OUTLOOK.EXE /profile"
        + " c:\\\\users\\\\u1\\\\AppData\\\\Roaming\\\\update\\\\x.pst";
    return line.replace("\"CommandLine\":\"", "\"CommandLine\":\"" + paths.repeat(1 + rnd.nextInt(3)) + " ");
  }

  /** {@code s} as a JSON string: quotes, backslashes and controls escaped, other characters at random. */
  private static String jsonString(String s, Random rnd) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || rnd.nextInt(20) == 0) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /**
   * Rule 4: a line in UTF-16 or UTF-32, with or without a byte order mark, that a real parser decodes
   * into a value holding a name is never passed over, though the name's UTF-8 bytes are not in it.
   */
  @Test
  void utf16AndUtf32Lines_thatParsersDecode_areNeverPassedOver() {
    String xmlLine = lines(XML_FILES[0]).get(0).replaceFirst("(?i)[a-z]+\\.exe<", "devtunnel.exe<");
    String jsonLine = lines(JSON_FILES[0]).get(0).replaceFirst("(?i)[a-z]+\\.exe\"", "devtunnel.exe\"");
    String[] names = NAMES[0];
    Prefilter p = PrefilterTest.of(names[0], names[1]);
    int decoded = 0;
    for (String charset : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"}) {
      for (boolean bom : new boolean[] {false, true}) {
        for (boolean isXml : new boolean[] {false, true}) {
          String line = (bom ? "\uFEFF" : "") + (isXml ? xmlLine : jsonLine);
          byte[] b = line.getBytes(java.nio.charset.Charset.forName(charset));
          List<String> values = isXml ? xmlValues(b) : jsonValues(b);
          if (values.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(names[1]))) {
            decoded++;
            assertThat(p.mayMatch(b, 0, b.length, isXml ? LineSyntax.XML : LineSyntax.JSON))
                .as("%s%s %s", charset, bom ? " with a byte order mark" : "", isXml ? "XML" : "JSON")
                .isTrue();
          }
        }
      }
    }
    // Jackson detects every one of these; the JDK's StAX those with a byte order mark
    assertThat(decoded).isGreaterThanOrEqualTo(8);
  }

  /** Checks the law on one line; returns whether a decoded value holds a name. */
  private static boolean check(Prefilter p, String[] names, String line, LineSyntax syntax, long seed) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    List<String> values = syntax == LineSyntax.XML ? xmlValues(b) : jsonValues(b);
    boolean holds = false;
    for (String v : values) {
      String folded = v.toLowerCase(Locale.ROOT);
      holds |= folded.contains(names[0]) || folded.contains(names[1]);
    }
    if (holds) {
      assertThat(p.mayMatch(b, 0, b.length, syntax))
          .as("seed %s: a line holding %s was passed over: %s", seed, String.join(" or ", names), line)
          .isTrue();
    }
    return holds;
  }

  /** Every attribute value and every element's text (across comments, CDATA and instructions). */
  private static List<String> xmlValues(byte[] b) {
    List<String> out = new ArrayList<>();
    try {
      XMLStreamReader r = XML.createXMLStreamReader(new ByteArrayInputStream(b));
      StringBuilder text = new StringBuilder();
      while (r.hasNext()) {
        int e = r.next();
        if (e == XMLStreamConstants.START_ELEMENT || e == XMLStreamConstants.END_ELEMENT) {
          out.add(text.toString());
          text.setLength(0);
          if (e == XMLStreamConstants.START_ELEMENT) {
            for (int i = 0; i < r.getAttributeCount(); i++) {
              out.add(r.getAttributeValue(i));
            }
          }
        } else if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA
            || e == XMLStreamConstants.SPACE) {
          text.append(r.getText());
        }
      }
    } catch (XMLStreamException e) {
      return out; // not well-formed: the adapters reject it, so it cannot match
    }
    return out;
  }

  private static List<String> jsonValues(byte[] b) {
    List<String> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(b)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
          out.add(p.getText());
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private static String xmlEncode(String name, Random rnd) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      char cased = rnd.nextBoolean() ? Character.toUpperCase(c) : c;
      switch (rnd.nextInt(12)) {
        case 0 -> b.append("&#").append((int) cased).append(';');
        case 1 -> b.append("&#x").append(Integer.toHexString(cased)).append(';');
        case 2 -> b.append("<![CDATA[").append(cased).append("]]>");
        case 3 -> b.append("<!-- c -->").append(cased);
        case 4 -> b.append("<?pi x?>").append(cased);
        case 5 -> b.append(c == 'k' ? '\u212A' : cased);
        default -> b.append(cased);
      }
    }
    return b.toString();
  }

  private static String jsonEncode(String name, Random rnd) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      char cased = rnd.nextBoolean() ? Character.toUpperCase(c) : c;
      switch (rnd.nextInt(10)) {
        case 0 -> b.append(String.format(Locale.ROOT, rnd.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) cased));
        case 1 -> b.append("\\\\u00").append(Integer.toHexString(cased)); // a backslash, then text
        case 2 -> b.append(c == 'k' ? '\u212A' : cased);
        default -> b.append(cased);
      }
    }
    return b.toString();
  }

  /** Replaces the basename of the first path-like value (or the whole first value) with {@code name}. */
  private static String injectXml(String line, String name, Random rnd) {
    String[] fields = {"Image", "OriginalFileName", "NewProcessName", "CommandLine", "ParentImage"};
    String field = "Name='" + fields[rnd.nextInt(fields.length)] + "'>";
    int at = line.indexOf(field);
    if (at < 0) {
      field = field.replace('\'', '"');
      at = line.indexOf(field);
    }
    if (at < 0) {
      return line.replace("</Data>", name + "</Data>");
    }
    int start = at + field.length();
    int end = line.indexOf('<', start);
    int slash = line.lastIndexOf('\\', end);
    int from = slash >= start && rnd.nextBoolean() ? slash + 1 : start;
    return line.substring(0, from) + name + line.substring(end);
  }

  private static String injectJson(String line, String name, Random rnd) {
    String[] fields = {"\"ImageFileName\":\"", "\"CommandLine\":\"", "\"ParentBaseFileName\":\"", "\"aid\":\""};
    String field = fields[rnd.nextInt(fields.length)];
    int at = line.indexOf(field);
    if (at < 0) {
      return line.replace("\"}", name + "\"}");
    }
    int start = at + field.length();
    int end = start;
    while (line.charAt(end) != '"' || line.charAt(end - 1) == '\\') {
      end++;
    }
    int slash = line.lastIndexOf("\\\\", end);
    int from = slash >= start && rnd.nextBoolean() ? slash + 2 : start;
    return line.substring(0, from) + name + line.substring(end);
  }

  private static List<String> lines(String file) {
    try (InputStream in = Objects.requireNonNull(PrefilterProperties.class.getResourceAsStream("/corpus/" + file), file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
