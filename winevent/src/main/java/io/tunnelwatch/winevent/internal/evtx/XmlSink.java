// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes an expanded record as Windows-flavoured XML text (as EvtRender and Splunk's XmlWinEventLog
 * show it): attributes in single quotes, empty elements self-closing, {@code & < >} escaped in text
 * and {@code & < '} in attributes, no white space added. For tests and debugging. Not
 * thread-safe; reusable via {@link #reset}.
 */
final class XmlSink implements BinXmlSink {
  private final StringBuilder out = new StringBuilder(4096);
  private final List<String> open = new ArrayList<>();
  private boolean startPending;

  void reset() {
    out.setLength(0);
    open.clear();
    startPending = false;
  }

  String xml() {
    return out.toString();
  }

  private void closeStart() {
    if (startPending) {
      out.append('>');
      startPending = false;
    }
  }

  @Override
  public void startElement(String name) {
    closeStart();
    out.append('<').append(name);
    open.add(name);
    startPending = true;
  }

  @Override
  public void attribute(String name, String value) {
    out.append(' ').append(name).append("='");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    out.append('\'');
  }

  @Override
  public void text(String text) {
    closeStart();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
  }

  @Override
  public void entity(String name) {
    closeStart();
    out.append('&').append(name).append(';');
  }

  @Override
  public void endElement() {
    String name = open.remove(open.size() - 1);
    if (startPending) {
      out.append("/>");
      startPending = false;
    } else {
      out.append("</").append(name).append('>');
    }
  }
}
