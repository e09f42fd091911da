// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.core.spi.RecordSink;
import io.tunnelwatch.winevent.internal.export.WrappedXml;
import io.tunnelwatch.winevent.internal.json.JsonProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Not API: a file of JSON lines that wrap Windows event XML in a string (Splunk search exports'
 * {@code result._raw}, HEC events' {@code event}), recognised by its first line. Each line's XML is
 * unwrapped and handed to the reader as a line of the XmlWinEventLog formats, numbered by its line,
 * so the reader's prefilter sees the XML with the JSON escapes decoded. A line that wraps no XML (a
 * CrowdStrike line in a mixed file, say) is handed on as it is, for whichever format recognises it;
 * invalid JSON is rejected naming the field.
 *
 * <p>Why a container and not a line format: deciding whether a JSON line wraps XML means scanning
 * it, and the reader asks every format about every line, so the Windows formats scanned each
 * CrowdStrike line twice (BENCHMARKS.md: a 1 GiB FDR scan went from 0.62 to 2.7 s). A container is
 * recognised once per file. Stateless and thread-safe.
 */
public final class WrappedXmlContainer implements RecordContainer {
  /** The one instance. */
  public static final WrappedXmlContainer INSTANCE = new WrappedXmlContainer();

  private WrappedXmlContainer() {}

  @Override
  public String id() {
    return "wrapped-xml";
  }

  /** True when the first line (or its start, in the head) looks like JSON wrapping an {@code <Event}. */
  @Override
  public boolean recognises(byte[] head, int length) {
    int end = ByteScan.indexOf(head, 0, length, '\n');
    return WrappedXml.recognises(head, 0, end < 0 ? length : end);
  }

  @Override
  public void read(InputStream in, String source, RecordSink sink) throws IOException {
    WrappedXml wrapped = new WrappedXml();
    int max = sink.maxRecordLength();
    byte[] buf = new byte[1 << 16];
    byte[] line = new byte[1 << 12];
    int length = 0;
    boolean tooLong = false;
    long number = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] != '\n') {
          continue;
        }
        int count = i - start;
        if (!tooLong && length + count <= max) {
          line = append(line, length, buf, start, count);
          length += count;
        } else {
          tooLong = true;
        }
        line(wrapped, sink, ++number, line, tooLong ? -1 : length, max);
        length = 0;
        tooLong = false;
        start = i + 1;
      }
      int rest = n - start;
      if (!tooLong && length + rest <= max) {
        line = append(line, length, buf, start, rest);
        length += rest;
      } else {
        tooLong = true;
      }
    }
    if (tooLong || length > 0) {
      line(wrapped, sink, ++number, line, tooLong ? -1 : length, max);
    }
  }

  /** One line, {@code length} bytes of {@code b} (-1: over the limit). */
  private static void line(WrappedXml wrapped, RecordSink sink, long number, byte[] b, int length, int max) {
    if (length < 0) {
      sink.reject(number, null, "line is longer than the maximum of " + max + " bytes");
      return;
    }
    if (length > 0 && b[length - 1] == '\r') {
      length--;
    }
    int from = number == 1 && length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
    if (!WrappedXml.recognises(b, from, length - from)) {
      sink.line(b, from, length - from, number); // blank, or another format's line: the reader routes it
      return;
    }
    byte[] xml;
    try {
      xml = wrapped.unwrap(b, from, length - from);
    } catch (JsonProblem e) {
      sink.reject(number, e.field(), e.reason());
      return;
    }
    if (xml == null) {
      sink.line(b, from, length - from, number);
    } else {
      sink.line(xml, 0, xml.length, number);
    }
  }

  private static byte[] append(byte[] line, int length, byte[] src, int from, int count) {
    byte[] target = line;
    if (length + count > target.length) {
      target = Arrays.copyOf(line, Math.max(length + count, target.length * 2));
    }
    System.arraycopy(src, from, target, length, count);
    return target;
  }
}
