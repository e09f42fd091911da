// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Not API: splits a Windows XML event export (Event Viewer's "Save as XML", {@code wevtutil qe
 * /f:xml}, or {@code <Event>} elements back to back, on one line or pretty-printed) into single
 * events, each handed on as the UTF-8 bytes of one {@code <Event …>…</Event>} element that the
 * XmlWinEventLog line parser reads. Thread-safe: an instance holds only its limit; each
 * {@link #split} call keeps its own state.
 *
 * <p>Encoding: UTF-8, after a UTF-8 BOM if there is one (an {@code encoding} declaration is not
 * read), passed on unchanged and validated by the parser. The reader transcodes UTF-16 and UTF-32
 * (Event Viewer saves UTF-16) to UTF-8 before a container sees the input, so offsets here are in
 * that UTF-8; the splitter itself reads no other encoding.
 *
 * <p>The split is lexical, not an XML parse, so that one malformed event never loses the good
 * events around it:
 * <ol>
 *   <li>Between events, white space, the XML declaration and other processing instructions,
 *       comments and the {@code <Events>}/{@code </Events>} wrapper tags are passed over. Anything
 *       else (text, other markup, a DOCTYPE) is one rejection, and the split resumes at the next
 *       {@code <Event} followed by white space, {@code >} or {@code /}.</li>
 *   <li>An event runs to its matching {@code </Event>}: nested {@code <Event} elements are
 *       counted, and comments, CDATA sections, processing instructions and quoted attribute values
 *       are skipped while looking for it. A {@code <} ends a tag even inside quotes (it is never
 *       allowed there), so an unclosed quote cannot swallow the events after it; an event whose
 *       {@code </Event} is cut short that way ends before that {@code <}, for the parser to reject.</li>
 *   <li>A nested {@code <Event} start tag that declares the event namespace
 *       ({@value #EVENT_NAMESPACE}) is the next event, not a child: the event before it lost its
 *       {@code </Event>} and is rejected. Windows never nests events; this keeps a cut-short event
 *       (a crash, then more events appended) from swallowing the rest of the file. An event already
 *       past the limit is no longer kept, so it is not cut this way: it runs to its own end.</li>
 *   <li>An event longer than the limit (in UTF-8 bytes) is rejected when the limit is passed and
 *       skipped to its end without being kept; the input ending inside an event, comment,
 *       processing instruction or wrapper tag is a rejection.</li>
 * </ol>
 * Each byte is looked at a bounded number of times (at most {@value #LOOKAHEAD} bytes ahead of a
 * {@code <}, and once more inside a nested {@code <Event} tag), so the work is linear in the input,
 * and memory is bounded by the largest event kept: the buffer grows by doubling to at most about
 * twice the limit plus a 64 KiB read block.
 *
 * <p>An event is delivered as its own text: a namespace declared on an ancestor (say
 * {@code <Events xmlns='…'>}) is not copied into it. The line parser matches local names only, so
 * such an event still reads the same; a prefixed {@code <e:Event>} is not recognised as an event.
 *
 * @since 0.1.0
 */
public final class XmlEventSplitter {
  /** The default limit on one event: 1 MiB of UTF-8. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;

  /** The smallest limit accepted; no Windows event is shorter. */
  public static final int MIN_MAX_EVENT_BYTES = 64;

  /** The largest limit accepted. */
  public static final int MAX_MAX_EVENT_BYTES = 1 << 30;

  /** The namespace of Windows events, which every exported event declares on itself. */
  public static final String EVENT_NAMESPACE = "http://schemas.microsoft.com/win/2004/08/events/event";

  /** The bytes looked at after a {@code <}: {@code <![CDATA[} and {@code </Events>} need nine. */
  static final int LOOKAHEAD = 10;

  private final int maxEventBytes;

  /** A splitter with the {@linkplain #DEFAULT_MAX_EVENT_BYTES default limit}. */
  public XmlEventSplitter() {
    this(DEFAULT_MAX_EVENT_BYTES);
  }

  /**
   * A splitter that rejects events longer than {@code maxEventBytes} UTF-8 bytes.
   *
   * @throws IllegalArgumentException when the limit is outside
   *     [{@value #MIN_MAX_EVENT_BYTES}, {@value #MAX_MAX_EVENT_BYTES}]
   */
  public XmlEventSplitter(int maxEventBytes) {
    if (maxEventBytes < MIN_MAX_EVENT_BYTES || maxEventBytes > MAX_MAX_EVENT_BYTES) {
      throw new IllegalArgumentException("maxEventBytes must be between " + MIN_MAX_EVENT_BYTES
          + " and " + MAX_MAX_EVENT_BYTES + " but was " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
  }

  /** The longest event, in UTF-8 bytes, that is delivered. */
  public int maxEventBytes() {
    return maxEventBytes;
  }

  /**
   * Reads {@code in} to its end, handing each event and each rejection to {@code sink} in input
   * order. Does not close {@code in}. An exception the sink throws ends the split and propagates.
   *
   * @return what was found
   * @throws IOException only when {@code in} throws it; malformed content is never thrown
   */
  public Summary split(InputStream in, Sink sink) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(sink, "sink");
    return new Scan(in, sink, maxEventBytes).run();
  }

  /**
   * Receives the events and rejections of one {@link #split}, on the caller's thread.
   *
   * @since 0.1.0
   */
  public interface Sink {
    /**
     * One event, {@code utf8[offset, offset + length)}: the element from {@code <Event} to its
     * {@code </Event>} (or {@code />}) in UTF-8. The array is the splitter's buffer: it is valid
     * only during the call and must not be changed.
     *
     * @param line the 1-based line where the event starts (a line ends at LF, CR or CRLF)
     * @param byteOffset the 0-based offset of its {@code <} in the input's bytes (a BOM included)
     */
    void event(byte[] utf8, int offset, int length, long line, long byteOffset);

    /**
     * Content that is not an event, or an event that cannot be delivered.
     *
     * @param line the 1-based line where the rejected content starts
     * @param byteOffset its 0-based offset in the input's own bytes
     * @param reason what is wrong, never the content
     */
    void rejected(long line, long byteOffset, String reason);
  }

  /** How the input was encoded, as its first bytes told. */
  public enum Encoding {
    /** No BOM: UTF-8 (which includes ASCII). */
    UTF_8,
    /** UTF-8 after the BOM {@code EF BB BF}. */
    UTF_8_BOM;

    int bomLength() {
      return this == UTF_8_BOM ? 3 : 0;
    }
  }

  /**
   * What one split found.
   *
   * @param encoding the input's encoding
   * @param events the events delivered
   * @param rejections the rejections reported
   */
  public record Summary(Encoding encoding, long events, long rejections) {
    /** Validates the counts. */
    public Summary {
      Objects.requireNonNull(encoding, "encoding");
      if (events < 0 || rejections < 0) {
        throw new IllegalArgumentException("counts must not be negative but were " + events + " and "
            + rejections);
      }
    }
  }

  /** The state of one split. */
  private static final class Scan {
    private static final int BLOCK = 64 * 1024;

    private static final byte[] EVENT_OPEN = ascii("<Event");
    private static final byte[] EVENT_CLOSE = ascii("</Event");
    private static final byte[] EVENTS_OPEN = ascii("<Events");
    private static final byte[] EVENTS_CLOSE = ascii("</Events");
    private static final byte[] COMMENT_OPEN = ascii("<!--");
    private static final byte[] CDATA_OPEN = ascii("<![CDATA[");
    private static final byte[] DOCTYPE = ascii("<!DOCTYPE");
    private static final byte[] PI_OPEN = ascii("<?");
    private static final byte[] COMMENT_CLOSE = ascii("-->");
    private static final byte[] CDATA_CLOSE = ascii("]]>");
    private static final byte[] PI_CLOSE = ascii("?>");
    private static final byte[] NAMESPACE = ascii(EVENT_NAMESPACE);

    // What the bytes at pos are: markup content, inside a tag, a quoted value, or a skipped section.
    private static final int CONTENT = 0;
    private static final int TAG = 1;
    private static final int QUOTE = 2;
    private static final int COMMENT = 3;
    private static final int PI = 4;
    private static final int CDATA = 5;

    private static final int TAG_EVENT_OPEN = 0;
    private static final int TAG_EVENT_CLOSE = 1;
    private static final int TAG_OTHER = 2;

    private final InputStream raw;
    private final Sink sink;
    private final int max;
    private InputStream in;
    private Encoding encoding = Encoding.UTF_8;

    private byte[] buf = new byte[BLOCK];
    private int pos;
    private int end;
    private long base; // the UTF-8 position of buf[0]
    private boolean eof;

    // Positions are reported lazily: lines and input offsets are counted up to `counted` on demand.
    private long counted;
    private long line = 1;
    private boolean afterCr;

    private int lex = CONTENT;
    private boolean skipping; // after a rejection between events: only <Event is looked for
    private int tagKind;
    private long tagStart;
    private boolean tagSlash;
    private byte quote;

    private boolean inEvent;
    private boolean keeping; // false once the event passed the limit
    private int depth;
    private long eventStart;
    private long eventLine;
    private long eventOffset;

    // What is open between events, for the rejection when the input ends inside it.
    private String construct = "";
    private long constructLine;
    private long constructOffset;

    private long events;
    private long rejections;

    Scan(InputStream raw, Sink sink, int max) {
      this.raw = raw;
      this.in = raw;
      this.sink = sink;
      this.max = max;
    }

    Summary run() throws IOException {
      detectEncoding();
      while (true) {
        if (end - pos < LOOKAHEAD && !eof) {
          fill();
          continue;
        }
        if (pos >= end) {
          break;
        }
        switch (lex) {
          case CONTENT -> {
            if (inEvent) {
              insideEvent();
            } else {
              betweenEvents();
            }
          }
          case TAG -> tag();
          case QUOTE -> quoted();
          case COMMENT -> skipTo(COMMENT_CLOSE);
          case PI -> skipTo(PI_CLOSE);
          default -> skipTo(CDATA_CLOSE);
        }
        if (inEvent && keeping && base + pos - eventStart > max) {
          keeping = false;
          reject(eventLine, eventOffset, "event longer than " + max + " bytes");
        }
      }
      finish();
      return new Summary(encoding, events, rejections);
    }

    private void detectEncoding() throws IOException {
      byte[] head = raw.readNBytes(3);
      int bom = 0;
      int n = head.length;
      if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
        encoding = Encoding.UTF_8_BOM;
        bom = 3;
      }
      in = new SequenceInputStream(new ByteArrayInputStream(head, bom, n - bom), raw);
    }

    /** Reads more input, dropping what is no longer needed and growing the buffer only for an event kept. */
    private void fill() throws IOException {
      if (buf.length - end < BLOCK / 2) {
        int keep = inEvent && keeping ? (int) (eventStart - base) : pos;
        if (keep > 0) {
          countTo(base + keep);
          System.arraycopy(buf, keep, buf, 0, end - keep);
          end -= keep;
          pos -= keep;
          base += keep;
        }
        if (buf.length - end < BLOCK / 2 || end > buf.length / 2) {
          buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + BLOCK));
        }
      }
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
      } else {
        end += n;
      }
    }

    private void betweenEvents() {
      byte b = buf[pos];
      if (skipping) {
        if (b == '<' && eventStartAt(pos)) {
          skipping = false;
          beginEvent();
        } else {
          pos = indexOf((byte) '<', pos + 1);
        }
      } else if (isSpace(b)) {
        pos++;
      } else if (b != '<') {
        rejectHere("text between events");
      } else if (eventStartAt(pos)) {
        beginEvent();
      } else if (at(PI_OPEN)) {
        open("a processing instruction");
        lex = PI;
        pos += PI_OPEN.length;
      } else if (at(COMMENT_OPEN)) {
        open("a comment");
        lex = COMMENT;
        pos += COMMENT_OPEN.length;
      } else if (at(DOCTYPE)) {
        rejectHere("a DOCTYPE is not allowed");
      } else if (at(EVENTS_OPEN) && delimitsName(pos + EVENTS_OPEN.length, true)) {
        open("an Events tag");
        startTag(TAG_OTHER, EVENTS_OPEN.length);
      } else if (at(EVENTS_CLOSE) && delimitsName(pos + EVENTS_CLOSE.length, false)) {
        open("an Events tag");
        startTag(TAG_OTHER, EVENTS_CLOSE.length);
      } else {
        rejectHere("markup between events that is not an Event");
      }
    }

    private void insideEvent() {
      if (buf[pos] != '<') {
        pos = indexOf((byte) '<', pos + 1);
      } else if (at(COMMENT_OPEN)) {
        lex = COMMENT;
        pos += COMMENT_OPEN.length;
      } else if (at(CDATA_OPEN)) {
        lex = CDATA;
        pos += CDATA_OPEN.length;
      } else if (at(PI_OPEN)) {
        lex = PI;
        pos += PI_OPEN.length;
      } else if (at(EVENT_CLOSE) && delimitsName(pos + EVENT_CLOSE.length, false)) {
        startTag(TAG_EVENT_CLOSE, EVENT_CLOSE.length);
      } else if (eventStartAt(pos)) {
        startTag(TAG_EVENT_OPEN, EVENT_OPEN.length);
      } else {
        startTag(TAG_OTHER, 1);
      }
    }

    private void tag() {
      byte b = buf[pos];
      if (b == '\'' || b == '"') {
        quote = b;
        lex = QUOTE;
        tagSlash = false;
        pos++;
      } else if (b == '>') {
        pos++;
        endTag(tagSlash);
      } else if (b == '<') {
        endTag(false); // never allowed inside a tag: this one is broken; the '<' starts the next
      } else {
        tagSlash = b == '/';
        pos++;
      }
    }

    private void quoted() {
      int i = pos;
      while (i < end && buf[i] != quote && buf[i] != '<') {
        i++;
      }
      if (i < end) {
        lex = TAG;
        pos = buf[i] == quote ? i + 1 : i; // a '<' is left for tag() to end the broken tag
      } else {
        pos = i;
      }
    }

    private void skipTo(byte[] close) {
      if (at(close)) {
        pos += close.length;
        lex = CONTENT;
        construct = "";
      } else {
        pos = indexOf(close[0], pos + 1);
      }
    }

    private void startTag(int kind, int nameLength) {
      tagKind = kind;
      tagStart = base + pos;
      tagSlash = false;
      lex = TAG;
      pos += nameLength;
    }

    private void endTag(boolean selfClosing) {
      lex = CONTENT;
      if (!inEvent) {
        construct = "";
        return;
      }
      if (tagKind == TAG_EVENT_OPEN) {
        if (depth > 0 && keeping && declaresNamespace()) {
          reject(eventLine, eventOffset, "no </Event> before the next event");
          depth = 0;
          markEventStart(tagStart);
        }
        if (!selfClosing) {
          depth++;
        } else if (depth == 0) {
          endEvent();
        }
      } else if (tagKind == TAG_EVENT_CLOSE) {
        depth--;
        if (depth == 0) {
          endEvent();
        }
      }
    }

    /** Whether the tag from tagStart to pos names the event namespace (it is in the buffer: kept). */
    private boolean declaresNamespace() {
      int from = (int) (tagStart - base);
      int last = pos - NAMESPACE.length;
      for (int i = from; i <= last; i++) {
        if (buf[i] == NAMESPACE[0] && regionEquals(i, NAMESPACE)) {
          return true;
        }
      }
      return false;
    }

    private void beginEvent() {
      inEvent = true;
      depth = 0;
      markEventStart(base + pos);
      startTag(TAG_EVENT_OPEN, EVENT_OPEN.length);
    }

    private void markEventStart(long at) {
      countTo(at);
      eventStart = at;
      eventLine = line;
      eventOffset = inputOffset();
      keeping = true;
    }

    private void endEvent() {
      int from = (int) (eventStart - base);
      if (keeping && pos - from > max) {
        // It ended in the step that took it past the limit, before the check after each step.
        reject(eventLine, eventOffset, "event longer than " + max + " bytes");
      } else if (keeping) {
        events++;
        sink.event(buf, from, pos - from, eventLine, eventOffset);
      }
      inEvent = false;
      keeping = false;
      depth = 0;
    }

    private void finish() {
      if (inEvent) {
        if (keeping) {
          reject(eventLine, eventOffset, "the input ends inside the event (no </Event>)");
        }
      } else if (lex != CONTENT) {
        reject(constructLine, constructOffset, "the input ends inside " + construct);
      }
    }

    private void open(String what) {
      countTo(base + pos);
      construct = what;
      constructLine = line;
      constructOffset = inputOffset();
    }

    /** Rejects what starts at pos, then passes over everything up to the next {@code <Event}. */
    private void rejectHere(String reason) {
      countTo(base + pos);
      reject(line, inputOffset(), reason);
      skipping = true;
      pos++;
    }

    private void reject(long atLine, long atOffset, String reason) {
      rejections++;
      sink.rejected(atLine, atOffset, reason);
    }

    /** Counts lines from {@link #counted} up to {@code to}, which is in the buffer. */
    private void countTo(long to) {
      int i = (int) (counted - base);
      int stop = (int) (to - base);
      for (; i < stop; i++) {
        byte b = buf[i];
        if (b == '\n') {
          if (!afterCr) {
            line++;
          }
          afterCr = false;
        } else if (b == '\r') {
          line++;
          afterCr = true;
        } else {
          afterCr = false;
        }
      }
      if (to > counted) {
        counted = to;
      }
    }

    /** The input offset of {@link #counted}. */
    private long inputOffset() {
      return encoding.bomLength() + counted;
    }

    private boolean eventStartAt(int i) {
      return regionEquals(i, EVENT_OPEN) && delimitsName(i + EVENT_OPEN.length, true);
    }

    /** Whether the byte at {@code i} ends a tag name: white space or {@code >} (or {@code /}). */
    private boolean delimitsName(int i, boolean slash) {
      if (i >= end) {
        return false;
      }
      byte b = buf[i];
      return isSpace(b) || b == '>' || (slash && b == '/');
    }

    private boolean at(byte[] s) {
      return regionEquals(pos, s);
    }

    private boolean regionEquals(int i, byte[] s) {
      if (end - i < s.length) {
        return false;
      }
      for (int k = 0; k < s.length; k++) {
        if (buf[i + k] != s[k]) {
          return false;
        }
      }
      return true;
    }

    /** The index of the first {@code b} at or after {@code from}, or {@link #end}. */
    private int indexOf(byte b, int from) {
      int i = from;
      while (i < end && buf[i] != b) {
        i++;
      }
      return i;
    }

    private static boolean isSpace(byte b) {
      return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }
  }
}
