// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import io.tunnelwatch.winevent.evtxwriter.SampleFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * The tests' oracle and fixture builder: the project's sample XmlWinEventLog lines, an event read
 * with the JDK's StAX into its values, and an event pretty-printed the way Event Viewer shows it.
 */
final class EventXml {
  private static final XMLInputFactory STAX = XMLInputFactory.newDefaultFactory();

  static {
    STAX.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    STAX.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    STAX.setProperty(XMLInputFactory.IS_COALESCING, true);
  }

  private EventXml() {}

  /**
   * What a Windows event says: the {@code System} children's text and attributes ({@code EventID},
   * {@code Provider@Name}) and the {@code EventData/Data} name/value pairs in order, text verbatim.
   */
  record Values(Map<String, String> system, List<Map.Entry<String, String>> data) {}

  /** The sample lines: the project's own constructed events first, then real ones. */
  static List<String> sampleLines(int realPerFile) {
    Path data = Path.of("..", "examples", "data");
    List<String> lines = new ArrayList<>();
    try {
      lines.addAll(Files.readAllLines(data.resolve("constructed-devtunnel-sysmon.xml")));
      lines.addAll(Files.readAllLines(data.resolve("constructed-devtunnel-4688.xml")));
      for (Path real : SampleFiles.realXmlCorpus()) {
        lines.addAll(Files.readAllLines(real).subList(0, realPerFile));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lines.removeIf(String::isBlank);
    return lines;
  }

  static Values values(String xml) {
    return values(xml.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads one event with the JDK's StAX; throws when it is not well-formed. */
  static Values values(byte[] xml) {
    Map<String, String> system = new LinkedHashMap<>();
    List<Map.Entry<String, String>> data = new ArrayList<>();
    try {
      // Decoded strictly first: the JDK's reader prints its UTF-8 errors to stderr before throwing.
      XMLStreamReader r = STAX.createXMLStreamReader(new StringReader(strictUtf8(xml)));
      List<String> path = new ArrayList<>();
      while (r.hasNext()) {
        int type = r.next();
        if (type == XMLStreamConstants.START_ELEMENT) {
          path.add(r.getLocalName());
          if (path.size() == 1 && !path.get(0).equals("Event")) {
            throw new IllegalArgumentException("root is not Event");
          }
          if (path.size() == 3 && path.get(1).equals("System")) {
            String name = r.getLocalName();
            for (int i = 0; i < r.getAttributeCount(); i++) {
              system.put(name + "@" + r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
            if (!name.equals("Provider") && !name.equals("TimeCreated") && !name.equals("Correlation")
                && !name.equals("Execution") && !name.equals("Security")) {
              system.put(name, r.getElementText());
              path.remove(path.size() - 1);
            }
          } else if (path.size() == 3 && path.get(1).equals("EventData") && r.getLocalName().equals("Data")) {
            String name = r.getAttributeValue(null, "Name");
            data.add(Map.entry(name == null ? "" : name, r.getElementText()));
            path.remove(path.size() - 1);
          }
        } else if (type == XMLStreamConstants.END_ELEMENT) {
          path.remove(path.size() - 1);
        } else if (type == XMLStreamConstants.DTD) {
          throw new IllegalArgumentException("DOCTYPE");
        }
      }
      r.close();
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("not well-formed", e);
    }
    return new Values(system, data);
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not UTF-8", e);
    }
  }

  /**
   * The event of {@code line} as Event Viewer's XML view and "Save as XML" pretty-print it: one
   * element a line, two spaces an indentation level, text-only elements on their line, empty ones as
   * {@code <Name attr="v" />}, double-quoted attributes; {@code newline} between lines.
   */
  static String pretty(String line, String indent, String newline) {
    Node root = tree(line);
    StringBuilder out = new StringBuilder();
    write(root, 0, indent, newline, out);
    return out.toString();
  }

  /** One element: name, namespace declarations and attributes as written, children or text. */
  private static final class Node {
    final String name;
    final List<String[]> attributes = new ArrayList<>();
    final List<Node> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    Node(String name) {
      this.name = name;
    }
  }

  private static Node tree(String line) {
    try {
      XMLStreamReader r = STAX.createXMLStreamReader(
          new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), "UTF-8");
      List<Node> stack = new ArrayList<>();
      @Nullable Node root = null;
      while (r.hasNext()) {
        int type = r.next();
        if (type == XMLStreamConstants.START_ELEMENT) {
          Node n = new Node(r.getLocalName());
          for (int i = 0; i < r.getNamespaceCount(); i++) {
            String prefix = r.getNamespacePrefix(i);
            n.attributes.add(new String[] {prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix,
                r.getNamespaceURI(i)});
          }
          for (int i = 0; i < r.getAttributeCount(); i++) {
            n.attributes.add(new String[] {r.getAttributeLocalName(i), r.getAttributeValue(i)});
          }
          if (stack.isEmpty()) {
            root = n;
          } else {
            stack.get(stack.size() - 1).children.add(n);
          }
          stack.add(n);
        } else if (type == XMLStreamConstants.END_ELEMENT) {
          stack.remove(stack.size() - 1);
        } else if (type == XMLStreamConstants.CHARACTERS && !stack.isEmpty()) {
          stack.get(stack.size() - 1).text.append(r.getText());
        }
      }
      if (root == null) {
        throw new IllegalArgumentException("no element");
      }
      return root;
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("not well-formed", e);
    }
  }

  private static void write(Node n, int level, String indent, String newline, StringBuilder out) {
    out.append(indent.repeat(level)).append('<').append(n.name);
    for (String[] a : n.attributes) {
      out.append(' ').append(a[0]).append("=\"").append(escape(a[1], true)).append('"');
    }
    if (n.children.isEmpty() && n.text.length() == 0) {
      out.append(" />").append(newline);
    } else if (n.children.isEmpty()) {
      out.append('>').append(escape(n.text.toString(), false)).append("</").append(n.name).append('>')
          .append(newline);
    } else {
      out.append('>').append(newline);
      for (Node c : n.children) {
        write(c, level + 1, indent, newline, out);
      }
      out.append(indent.repeat(level)).append("</").append(n.name).append('>').append(newline);
    }
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append(attribute ? "&quot;" : "\"");
        case '\r' -> b.append("&#13;");
        case '\n' -> b.append(attribute ? "&#10;" : "\n");
        case '\t' -> b.append(attribute ? "&#9;" : "\t");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
