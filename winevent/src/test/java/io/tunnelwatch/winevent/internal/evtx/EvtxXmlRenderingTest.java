// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every record of every corpus file renders to the same XML tree as evtxexport (libevtx) gives:
 * same elements in the same order, same attributes (absent ones included), same text. Only
 * libevtx's own formatting is normalised: it zero-pads hex integers and writes 9 fraction digits
 * of which the last two are always 0; line breaks inside values are compared as LF.
 */
final class EvtxXmlRenderingTest {
  private static final Path EVTXEXPORT = Path.of("/usr/bin/evtxexport");
  private static final Pattern EVENT = Pattern.compile("<Event xmlns.*?</Event>", Pattern.DOTALL);
  private static final Pattern HEX = Pattern.compile("0x0*([0-9a-fA-F]+)");
  private static final Pattern TIME9 =
      Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7})00Z");

  @Test
  void everyRecord_rendersAsEvtxexportRendersIt() throws Exception {
    Path root = EvtxCorpus.requireRoot();
    Assumptions.assumeTrue(Files.isExecutable(EVTXEXPORT),
        "evtxexport (libevtx-utils) is not installed: XML rendering not compared");
    int records = 0;
    for (String file : EvtxCorpus.evtxFiles(root)) {
      Path path = root.resolve("evtx").resolve(file);
      List<String> ours = new ArrayList<>();
      try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
        new EvtxReader().read(in, (c, id, t, e) -> { }, (c, id, xml) -> ours.add(xml));
      }
      List<String> theirs = new ArrayList<>();
      Matcher m = EVENT.matcher(evtxexport(path));
      while (m.find()) {
        theirs.add(m.group());
      }
      assertThat(ours).as(file).hasSameSizeAs(theirs);
      for (int i = 0; i < ours.size(); i++) {
        assertThat(canonical(ours.get(i))).as(file + " record " + (i + 1))
            .isEqualTo(canonical(theirs.get(i)));
      }
      records += ours.size();
    }
    assertThat(records).isEqualTo(2091);
  }

  private static String evtxexport(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(EVTXEXPORT.toString(), "-f", "xml", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /** One line per element: path, sorted attributes, trimmed text of leaf elements. */
  private static List<String> canonical(String xml) throws XMLStreamException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
    List<String> out = new ArrayList<>();
    List<String> path = new ArrayList<>();
    List<StringBuilder> text = new ArrayList<>();
    List<Integer> line = new ArrayList<>();
    List<Boolean> leaf = new ArrayList<>();
    while (r.hasNext()) {
      int t = r.next();
      if (t == XMLStreamConstants.START_ELEMENT) {
        if (!leaf.isEmpty()) {
          leaf.set(leaf.size() - 1, false);
        }
        path.add(r.getLocalName());
        TreeMap<String, String> attrs = new TreeMap<>();
        for (int i = 0; i < r.getAttributeCount(); i++) {
          attrs.put(r.getAttributeLocalName(i), norm(r.getAttributeValue(i)));
        }
        for (int i = 0; i < r.getNamespaceCount(); i++) {
          attrs.put("xmlns:" + r.getNamespacePrefix(i), r.getNamespaceURI(i));
        }
        line.add(out.size());
        out.add(String.join("/", path) + " " + attrs);
        text.add(new StringBuilder());
        leaf.add(true);
      } else if (t == XMLStreamConstants.CHARACTERS || t == XMLStreamConstants.CDATA) {
        text.get(text.size() - 1).append(r.getText());
      } else if (t == XMLStreamConstants.END_ELEMENT) {
        int at = line.remove(line.size() - 1);
        String s = text.remove(text.size() - 1).toString();
        if (leaf.remove(leaf.size() - 1)) {
          out.set(at, out.get(at) + " = " + norm(s.replace("\r\n", "\n").strip()));
        }
        path.remove(path.size() - 1);
      }
    }
    return out;
  }

  private static String norm(String v) {
    Matcher hex = HEX.matcher(v);
    if (hex.matches()) {
      return "0x" + hex.group(1);
    }
    Matcher time = TIME9.matcher(v);
    return time.matches() ? time.group(1) + "Z" : v;
  }
}
