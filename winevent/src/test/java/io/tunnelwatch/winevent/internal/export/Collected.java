package io.tunnelwatch.winevent.internal.export;

import io.tunnelwatch.core.internal.read.TextEncoding;
import io.tunnelwatch.core.internal.read.Utf8Transcoding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what a split delivered, in order, for the tests to look at. */
final class Collected implements XmlEventSplitter.Sink {
  /** One delivered event: its bytes (copied), line and input offset. */
  static final class Event {
    private final byte[] utf8;
    private final long line;
    private final long byteOffset;

    Event(byte[] utf8, long line, long byteOffset) {
      this.utf8 = utf8;
      this.line = line;
      this.byteOffset = byteOffset;
    }

    byte[] utf8() {
      return utf8.clone();
    }

    long line() {
      return line;
    }

    long byteOffset() {
      return byteOffset;
    }

    String text() {
      return new String(utf8, StandardCharsets.UTF_8);
    }
  }

  /** One rejection. */
  record Rejection(long line, long byteOffset, String reason) {}

  final List<Event> events = new ArrayList<>();
  final List<Rejection> rejections = new ArrayList<>();
  XmlEventSplitter.Summary summary = new XmlEventSplitter.Summary(XmlEventSplitter.Encoding.UTF_8, 0, 0);

  static Collected split(byte[] input) {
    return split(new XmlEventSplitter(), input);
  }

  /**
   * {@code input} as the reader hands it to a container: after a UTF-16 or UTF-32 mark, transcoded
   * to UTF-8 by core's transcoding (the splitter reads UTF-8 only); anything else unchanged.
   */
  static byte[] asTheReaderPassesIt(byte[] input) {
    TextEncoding marked = TextEncoding.byMark(input, input.length);
    if (marked == null || !marked.readable()) {
      return input;
    }
    int skip = marked.markLength();
    try (InputStream in = new Utf8Transcoding(new ByteArrayInputStream(input, skip, input.length - skip), marked)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Collected split(XmlEventSplitter splitter, byte[] input) {
    Collected c = new Collected();
    try {
      c.summary = splitter.split(new ByteArrayInputStream(asTheReaderPassesIt(input)), c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return c;
  }

  @Override
  public void event(byte[] utf8, int offset, int length, long line, long byteOffset) {
    byte[] copy = new byte[length];
    System.arraycopy(utf8, offset, copy, 0, length);
    events.add(new Event(copy, line, byteOffset));
  }

  @Override
  public void rejected(long line, long byteOffset, String reason) {
    rejections.add(new Rejection(line, byteOffset, reason));
  }
}
