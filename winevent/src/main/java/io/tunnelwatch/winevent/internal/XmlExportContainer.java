// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.core.spi.RecordSink;
import io.tunnelwatch.winevent.internal.export.XmlEventSplitter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Not API: Windows XML event exports (Event Viewer's "Save as XML", {@code wevtutil qe /f:xml}) as a
 * record container: an {@code <Events>} wrapper or events back to back, pretty-printed or on one line,
 * UTF-8 or UTF-16 with a BOM. Each event is handed to the reader as a line of the XmlWinEventLog
 * formats, numbered by the line where it starts, so it gives the row of its one-line rendering; what
 * lies between events and is not an event is rejected with its line ({@link XmlEventSplitter}).
 *
 * <p>A file of one event per line (Splunk's XmlWinEventLog) is not an export: it is read as lines,
 * which the reader can prefilter and read on every core, and a damaged first line must not turn it
 * into one. So an input is taken as an export only on marks a line file does not have: a UTF-16 BOM
 * (Event Viewer's encoding); an {@code <Events} wrapper, alone or after an XML declaration; an XML
 * declaration followed by a new line and an {@code <Event}; or a first line on which an
 * {@code </Event>} is followed by another {@code <Event} (events back to back, as {@code wevtutil}
 * writes them). A pretty-printed export with neither a declaration nor a wrapper is read as lines
 * (and rejected line by line). Stateless and thread-safe.
 */
public final class XmlExportContainer implements RecordContainer {
  /** The one instance. */
  public static final XmlExportContainer INSTANCE = new XmlExportContainer();

  private XmlExportContainer() {}

  @Override
  public String id() {
    return "xml-export";
  }

  @Override
  public boolean recognises(byte[] head, int length) {
    if (length >= 2 && (((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE)
        || ((head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF))) {
      return true; // Event Viewer writes UTF-16; the line formats read UTF-8 only
    }
    int i = 0;
    if (length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
      i = 3;
    }
    while (i < length && isSpace(head[i])) {
      i++;
    }
    if (startsWith(head, i, length, "<?xml")) {
      int end = indexOf(head, i, length, "?>");
      if (end < 0) {
        return false;
      }
      int k = end + 2;
      boolean newLine = false;
      while (k < length && isSpace(head[k])) {
        newLine |= head[k] == '\n' || head[k] == '\r';
        k++;
      }
      return isTag(head, k, length, "<Events") || (newLine && isTag(head, k, length, "<Event"));
    }
    if (isTag(head, i, length, "<Events")) {
      return true;
    }
    if (!isTag(head, i, length, "<Event")) {
      return false;
    }
    int lineEnd = i;
    while (lineEnd < length && head[lineEnd] != '\n' && head[lineEnd] != '\r') {
      lineEnd++;
    }
    int close = indexOf(head, i, lineEnd, "</Event>");
    if (close < 0) {
      return false;
    }
    int after = close + "</Event>".length();
    while (after < lineEnd && isSpace(head[after])) {
      after++;
    }
    return isTag(head, after, lineEnd, "<Event"); // a second event on the first line: back to back
  }

  /**
   * Whether a start tag named as {@code open} (which starts with {@code <}) begins at {@code i}: the
   * name followed by white space or {@code >} (a damaged {@code <Event xmlns=} can read {@code <Events=}).
   */
  private static boolean isTag(byte[] b, int i, int length, String open) {
    int next = i + open.length();
    return startsWith(b, i, length, open) && next < length && (isSpace(b[next]) || b[next] == '>');
  }

  @Override
  public void read(InputStream in, String source, RecordSink sink) throws IOException {
    new XmlEventSplitter().split(in, new XmlEventSplitter.Sink() {
      @Override
      public void event(byte[] utf8, int offset, int length, long line, long byteOffset) {
        sink.line(utf8, offset, length, line);
      }

      @Override
      public void rejected(long line, long byteOffset, String reason) {
        sink.reject(line, null, reason);
      }
    });
  }

  private static boolean startsWith(byte[] b, int i, int length, String s) {
    if (length - i < s.length()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (b[i + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, int to, String s) {
    for (int i = from; i + s.length() <= to; i++) {
      if (startsWith(b, i, to, s)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
