// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Not API: splits a stream of JSON objects that are not one per line into objects: pretty-printed
 * objects back to back (SigmaHQ's regression files), or one JSON array of objects (pretty-printed
 * or not). Tracks strings and escapes, so braces inside strings do not count. Each object is handed
 * on with the line where it starts; the text between objects may be white space, and inside the
 * array commas. Anything else there, an object longer than the limit, and an input that ends inside
 * an object are reported, and splitting resumes at the next line that starts with <code>&#123;</code>
 * (how a pretty-printer writes a top-level object). The {@code Record <id>} line that evtx_dump's
 * default output writes before each event is passed over. Not thread-safe.
 */
public final class JsonObjectSplitter {
  /** Where the objects go. */
  public interface Listener {
    /** One object, {@code b[offset, offset + length)}, starting on {@code line}; the buffer is reused. */
    void object(byte[] b, int offset, int length, long line);

    /** Text at {@code line} that is not an object, or an object that cannot be kept. */
    void problem(long line, String reason);
  }

  private final int maxBytes;

  /** A splitter that keeps objects of up to {@code maxBytes} bytes. */
  public JsonObjectSplitter(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Reads {@code in} to its end. */
  public void split(InputStream in, Listener listener) throws IOException {
    byte[] buf = new byte[1 << 16];
    byte[] record = new byte[1 << 12];
    int length = 0;
    int depth = 0;
    boolean inString = false;
    boolean escape = false;
    boolean inArray = false;
    boolean resync = false;
    boolean lineStart = true;
    StringBuilder text = new StringBuilder(); // a line that is not JSON, up to 64 bytes
    long line = 1;
    long recordLine = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      for (int i = 0; i < n; i++) {
        byte c = buf[i];
        if (resync) {
          if (text.length() > 0 && (c == '\n' || text.length() > 64)) {
            if (!isRecordLine(text)) {
              listener.problem(line, "not a JSON object");
            }
            text.setLength(0);
          } else if (text.length() > 0) {
            text.append((char) c);
          }
          if (lineStart && c == '{') {
            resync = false;
            inArray = false;
          } else {
            lineStart = c == '\n';
            line += lineStart ? 1 : 0;
            continue;
          }
        }
        if (depth == 0) {
          if (c == '{') {
            depth = 1;
            length = 0;
            recordLine = line;
            record[length++] = c;
          } else if (c == '[' && !inArray) {
            inArray = true;
          } else if ((c == ',' || c == ']') && inArray) {
            inArray = c == ',';
          } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            // Not JSON: evtx_dump's "Record <id>" line before each event (passed over), else a
            // problem. Either way the line is passed over up to its end.
            text.setLength(0);
            text.append((char) c);
            resync = true;
            lineStart = false;
            continue;
          }
        } else {
          if (length == maxBytes) {
            listener.problem(recordLine, "a JSON object longer than the maximum of " + maxBytes + " bytes");
            depth = 0;
            inString = false;
            escape = false;
            resync = true;
          } else {
            if (length == record.length) {
              record = Arrays.copyOf(record, Math.min(maxBytes, record.length * 2));
            }
            record[length++] = c;
            if (inString) {
              if (escape) {
                escape = false;
              } else if (c == '\\') {
                escape = true;
              } else if (c == '"') {
                inString = false;
              }
            } else if (c == '"') {
              inString = true;
            } else if (c == '{' || c == '[') {
              depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
              listener.object(record, 0, length, recordLine);
            }
          }
        }
        lineStart = c == '\n';
        line += lineStart ? 1 : 0;
      }
    }
    if (depth > 0) {
      listener.problem(recordLine, "the input ends inside a JSON object");
    } else if (text.length() > 0 && !isRecordLine(text)) {
      listener.problem(line, "not a JSON object");
    }
  }

  /** evtx_dump's default output line before each event: {@code Record 123}. */
  private static boolean isRecordLine(StringBuilder text) {
    return text.toString().strip().matches("Record [0-9]{1,20}");
  }

  /**
   * Where the line after a {@code Record <id>} line starting at {@code from} begins, or -1 when no
   * such line starts there (within {@code b[from, to)}).
   */
  public static int recordLineEnd(byte[] b, int from, int to) {
    String prefix = "Record ";
    int i = from;
    for (int k = 0; k < prefix.length(); k++, i++) {
      if (i >= to || b[i] != prefix.charAt(k)) {
        return -1;
      }
    }
    int digits = i;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    if (i == digits) {
      return -1;
    }
    if (i < to && b[i] == '\r') {
      i++;
    }
    return i < to && b[i] == '\n' ? i + 1 : -1;
  }
}
