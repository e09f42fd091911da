// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.core.spi.RecordSink;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.internal.json.JsonObjectSplitter;
import io.tunnelwatch.winevent.internal.json.JsonProblem;
import io.tunnelwatch.winevent.internal.json.WinJson;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not API: files of Windows events rendered as JSON (evtx_dump, Elastic ECS, flat EventData: see
 * {@link WinJson}), recognised by the keys of their first object; one object per line, or
 * pretty-printed objects back to back, or a JSON array of them. Each object is one record, numbered
 * by the line where it starts.
 *
 * <p><b>Recognition</b> looks at the head only, once per file: after optional white space (and a
 * byte order mark, and an array's <code>[</code>) an object whose top-level keys, as far as the head
 * holds them, include a form's marker: {@code Event} holding {@code System}; {@code winlog}; or
 * {@code EventID} with {@code SourceName}, {@code Channel} or {@code EventSourceName}. When the head
 * ends inside the first object (Beats do not sort keys, so {@code winlog} may follow a long
 * {@code message}), {@code winlog}, {@code ecs}, {@code EventID}, {@code SourceName} or
 * {@code EventSourceName} among the keys read so far is enough. An Elasticsearch hit is looked into
 * ({@code _source}). An object with an {@code event_simpleName} key is CrowdStrike's and is never
 * recognised, so CrowdStrike files stay
 * line files, routed and read as before. Why a container and not a line format: the reader asks every
 * line format about every line, and telling these forms from CrowdStrike's takes more than the
 * first byte.
 *
 * <p><b>Each record</b> is first shown to the reader's prefilter as {@link LineSyntax#JSON_WITH_XML}
 * when it holds a {@code <} (an ECS {@code event.original} or a Sentinel {@code EventData} holds XML),
 * else as {@link LineSyntax#JSON} (see {@link #syntax}): a record that cannot match is passed over
 * unread. This is safe because every value the Windows mappings read is a JSON
 * string or number of the record, or XML text inside such a string, written in the record's bytes
 * (the ECS values the pipeline moved are copied verbatim, hashes only change their case, which the
 * prefilter folds; a process id never holds a name). Otherwise the record is read into a
 * {@link WinEvent} and handed to the format of its provider and event id; an object of none of the
 * forms goes back to the reader as a line when another format claims it as its own (a CrowdStrike
 * line in a mixed file), and is rejected as unrecognised otherwise. Stateless and thread-safe.
 */
public final class WinJsonContainer implements RecordContainer {
  /** The one instance. */
  public static final WinJsonContainer INSTANCE = new WinJsonContainer();

  private static final String ID = "windows-json";
  private static final JsonFactory HEAD = JsonProblem.factory(RecordContainer.HEAD_BYTES);
  private static final byte[][] MARKERS =
      bytes("\"Event\"", "\"winlog\"", "\"EventID\"", "\"ecs\"", "\"@metadata\"", "\"SourceName\"", "\"EventSourceName\"");
  private static final long NEWLINES = ByteScan.broadcast('\n');
  private static final long LESS = ByteScan.broadcast('<');
  private static final long QUOTES = ByteScan.broadcast('"');
  /**
   * Searched from the end: every Kafka record is asked (EventReader.read(byte[])), and an FDR line
   * (keys sorted, lower case last) has it within its last hundred bytes.
   */
  private static final ByteScan.Needle CROWDSTRIKE = new ByteScan.Needle("\"event_simpleName\"");

  private WinJsonContainer() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognises(byte[] head, int length) {
    int i = firstObject(head, length);
    if (i < 0 || CROWDSTRIKE.in(head, i, length) || !anyMarker(head, i, length)) {
      return false;
    }
    return firstKeysMark(head, i, length, length == RecordContainer.HEAD_BYTES);
  }

  /**
   * Where the first object starts (after a BOM, white space, an array's bracket, and the
   * {@code Record <id>} line that evtx_dump's default output writes before each event), or -1.
   */
  private static int firstObject(byte[] b, int length) {
    int i = 0;
    if (length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
      i = 3;
    }
    i = skipBlank(b, i, length);
    int record = JsonObjectSplitter.recordLineEnd(b, i, length);
    if (record > 0) {
      i = skipBlank(b, record, length);
    }
    if (i < length && b[i] == '[') {
      i = skipBlank(b, i + 1, length);
    }
    return i < length && b[i] == '{' ? i : -1;
  }

  /** Whether the top-level keys of the object at {@code from} mark a Windows form. */
  private static boolean firstKeysMark(byte[] b, int from, int length, boolean cut) {
    Marks marks = new Marks();
    try (JsonParser p = HEAD.createParser(b, from, length - from)) {
      p.nextToken();
      return marks.in(p, true);
    } catch (IOException e) {
      // The head ends inside the first object (or it is not JSON): decide from the keys read so far.
      return cut && marks.maybe && !marks.crowdStrike;
    }
  }

  /** What the keys of the first object (or of the {@code _source} of an Elasticsearch hit) show. */
  private static final class Marks {
    boolean eventId;
    boolean source;
    boolean maybe;
    boolean crowdStrike;

    boolean in(JsonParser p, boolean outermost) throws IOException {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "event_simpleName" -> crowdStrike = true;
          case "winlog" -> maybe = true;
          case "Event" -> {
            if (t == JsonToken.START_OBJECT && holdsSystem(p)) {
              return !crowdStrike;
            }
            continue;
          }
          case "_source" -> {
            if (outermost && t == JsonToken.START_OBJECT) {
              if (in(p, false)) {
                return true;
              }
              continue;
            }
          }
          case "EventID" -> eventId = true;
          case "SourceName", "EventSourceName", "Channel" -> source = true;
          case "ecs", "@metadata" -> maybe = true;
          default -> { }
        }
        p.skipChildren();
        if (crowdStrike) {
          return false;
        }
        if (name.equals("winlog") || (eventId && source)) {
          return true;
        }
        maybe |= eventId || (source && !name.equals("Channel"));
      }
      return false;
    }
  }

  private static boolean holdsSystem(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      if (p.currentName().equals("System")) {
        return true;
      }
      p.nextToken();
      p.skipChildren();
    }
    return false;
  }

  @Override
  public void read(InputStream in, String source, RecordSink sink) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(RecordContainer.HEAD_BYTES);
    byte[] head = buffered.readNBytes(RecordContainer.HEAD_BYTES);
    buffered.reset();
    Records records = new Records(source, sink);
    if (oneObjectPerLine(head)) {
      records.lines(buffered);
    } else {
      new JsonObjectSplitter(sink.maxRecordLength()).split(buffered, new JsonObjectSplitter.Listener() {
        @Override
        public void object(byte[] b, int offset, int length, long line) {
          records.record(b, offset, length, line, syntax(b, offset, length));
        }

        @Override
        public void problem(long line, String reason) {
          sink.reject(line, null, reason);
        }
      });
    }
  }

  /**
   * Whether the input holds one object per line: it does not start with an array or evtx_dump's
   * {@code Record} line, and its first object's first key is on the brace's line (a pretty-printer
   * breaks the line after the brace).
   */
  static boolean oneObjectPerLine(byte[] head) {
    int i = firstObject(head, head.length);
    if (i < 0) {
      return true;
    }
    for (int k = 0; k < i; k++) {
      if (head[k] == '[' || head[k] == 'R') {
        return false; // an array, or evtx_dump's Record line before the object (nothing else is skipped)
      }
    }
    for (int k = i + 1; k < head.length && head[k] != '"'; k++) {
      if (head[k] == '\n') {
        return false;
      }
    }
    return true;
  }

  /** Reads the records of one input: prefilter, parse, hand to a format. */
  private static final class Records {
    private final String source;
    private final RecordSink sink;
    private final WinEventDispatch dispatch;
    private final WinJson json;
    private final List<EventFormat> others = new ArrayList<>();
    private final int maxRecord;

    Records(String source, RecordSink sink) {
      this.source = source;
      this.sink = sink;
      this.dispatch = new WinEventDispatch(sink.formats());
      this.json = new WinJson(dispatch, sink.sourceZone());
      this.maxRecord = sink.maxRecordLength();
      for (EventFormat f : sink.formats()) {
        if (!(f instanceof WinEventFormat)) {
          others.add(f);
        }
      }
    }

    /** One object per line: the lines are found in the read buffer, copied only when one spans two reads. */
    void lines(InputStream in) throws IOException {
      // Four times the 64 KiB of the buffered streams below: a read of 64 KiB or more passes through
      // them straight into this buffer, where a smaller one is copied through each of them first.
      byte[] buf = new byte[1 << 18];
      int start = 0;
      int end = 0;
      int scan = 0;
      long number = 0;
      boolean tooLong = false;
      boolean less = false; // the line holds a '<' before scan: see syntax()
      while (true) {
        // One pass finds the line's end and whether it holds a '<' on the way.
        int nl = less ? ByteScan.indexOf(buf, scan, end, '\n') : indexOfNewlineOrLess(buf, scan, end);
        if (nl >= 0 && buf[nl] == '<') {
          less = true;
          scan = nl + 1;
          continue;
        }
        if (nl >= 0) {
          number++;
          if (tooLong) {
            sink.reject(number, null, "line is longer than the maximum of " + maxRecord + " bytes");
            tooLong = false;
          } else {
            line(buf, start, nl - start, number, less ? LineSyntax.JSON_WITH_XML : LineSyntax.JSON);
          }
          less = false;
          start = nl + 1;
          scan = start;
          continue;
        }
        if (end - start == buf.length) { // a line fills the buffer
          if (buf.length <= maxRecord) {
            buf = Arrays.copyOf(buf, (int) Math.min(maxRecord + 1L, buf.length * 2L));
          } else {
            tooLong = true; // kept no further: the rest of the line is passed over
            start = end;
          }
        }
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          start = 0;
        }
        scan = end;
        int n = in.read(buf, end, buf.length - end);
        if (n == -1) {
          break;
        }
        end += n;
      }
      if (tooLong) {
        sink.reject(++number, null, "line is longer than the maximum of " + maxRecord + " bytes");
      } else if (end > start) {
        line(buf, start, end - start, ++number, less ? LineSyntax.JSON_WITH_XML : LineSyntax.JSON);
      }
    }

    private void line(byte[] b, int off, int len, long number, LineSyntax syntax) {
      if (len > 0 && b[off + len - 1] == '\r') {
        len--;
      }
      if (len > maxRecord) {
        sink.reject(number, null, "line is longer than the maximum of " + maxRecord + " bytes");
        return;
      }
      if (number == 1 && len >= 3 && (b[off] & 0xff) == 0xEF && (b[off + 1] & 0xff) == 0xBB && (b[off + 2] & 0xff) == 0xBF) {
        off += 3;
        len -= 3;
      }
      if (skipBlank(b, off, off + len) == off + len) {
        sink.line(b, off, len, number); // blank: the reader counts it as skipped
        return;
      }
      record(b, off, len, number, syntax);
    }

    /** Reads one record whose bytes the prefilter reads under {@code syntax} (see {@link #syntax}). */
    void record(byte[] b, int off, int len, long number, LineSyntax syntax) {
      if (!sink.mayMatch(b, off, len, syntax)) {
        sink.passedOver(1);
        return;
      }
      WinEvent event;
      try {
        event = json.read(b, off, len);
      } catch (JsonProblem e) {
        sink.reject(number, e.field(), e.reason());
        return;
      }
      if (event != null) {
        dispatch.dispatch(event, number, source, ID, "", sink);
        return;
      }
      for (EventFormat f : others) {
        if (f.claim(b, off, len) == LineClaim.FORMAT) {
          sink.line(b, off, len, number);
          return;
        }
      }
      sink.reject(number, null, "a JSON object of no known form: not evtx_dump (Event.System), ECS (winlog) "
          + "or flat EventData (EventID with SourceName, Channel or EventSourceName)");
    }
  }

  /**
   * The rules a record's strings can hide a name under: XML's and JSON's when the record holds a
   * {@code <}, else JSON's alone. WinJson reads XML only from a string that starts with {@code <}
   * (an ECS {@code event.original}, a Sentinel {@code EventData}); such a string is in the record's
   * bytes as a {@code <} or behind a {@code \}{@code u} escape, which the JSON rules parse anyway.
   * Skipping the XML rules where no XML can be read saves a third of the prefilter's time on ECS.
   */
  static LineSyntax syntax(byte[] b, int off, int len) {
    return ByteScan.indexOf(b, off, off + len, '<') >= 0 ? LineSyntax.JSON_WITH_XML : LineSyntax.JSON;
  }

  /** The index of the first {@code \n} or {@code <} in {@code b[from, to)}, or -1; eight bytes at a time. */
  private static int indexOfNewlineOrLess(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = ByteScan.word(b, i);
      long found = ByteScan.eq(w, NEWLINES) | ByteScan.eq(w, LESS);
      if (found != 0) {
        return i + ByteScan.lowest(found);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n' || b[i] == '<') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether a marker key is in {@code b[from, to)}: one pass over its quotes (every marker starts
   * with one), eight bytes at a time, where a search per marker took seven passes.
   */
  static boolean anyMarker(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      for (long m = ByteScan.eq(ByteScan.word(b, i), QUOTES); m != 0; m &= m - 1) {
        if (markerAt(b, i + ByteScan.lowest(m), to)) {
          return true;
        }
      }
    }
    for (; i < to; i++) {
      if (markerAt(b, i, to)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a marker starts at {@code at} (false for a byte that is not a quote). */
  private static boolean markerAt(byte[] b, int at, int to) {
    if (b[at] != '"' || at + 1 >= to) {
      return false;
    }
    for (byte[] m : MARKERS) {
      if (m[1] == b[at + 1] && at + m.length <= to && Arrays.equals(b, at, at + m.length, m, 0, m.length)) {
        return true;
      }
    }
    return false;
  }

  private static int skipBlank(byte[] b, int i, int to) {
    while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    return i;
  }

  private static byte[][] bytes(String... s) {
    byte[][] out = new byte[s.length][];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }
}
