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
    int hidden = 0;
    int visible = 0;
    List<String> xml = new ArrayList<>();
    for (String f : XML_FILES) {
      xml.addAll(lines(f));
    }
    List<String> json = new ArrayList<>();
    for (String f : JSON_FILES) {
      json.addAll(lines(f));
    }
    for (int i = 0; i < 4000; i++) {
      String[] names = NAMES[rnd.nextInt(NAMES.length)];
      Prefilter p = PrefilterTest.of(names[0], names[1]);
      String name = names[rnd.nextInt(2)];
      boolean isXml = rnd.nextBoolean();
      String base = isXml ? xml.get(rnd.nextInt(xml.size())) : json.get(rnd.nextInt(json.size()));
      String line = isXml ? injectXml(base, xmlEncode(name, rnd), rnd) : injectJson(base, jsonEncode(name, rnd), rnd);
      boolean decodedHasName = check(p, names, line, isXml ? LineSyntax.XML : LineSyntax.JSON, seed);
      if (decodedHasName && !line.toLowerCase(Locale.ROOT).contains(name)) {
        hidden++;
      } else if (decodedHasName) {
        visible++;
      }
    }
    // the generator produced both names the byte search sees and names only a parser sees
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
