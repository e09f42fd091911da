// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.core.spi.RecordSink;
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
   * {@code input} as the reader hands it to a container: a UTF-16 input (Event Viewer's encoding)
   * goes through a real {@link EventReader}, which transcodes it to UTF-8 before any container sees
   * it (the splitter reads UTF-8 only); anything else is returned unchanged.
   */
  static byte[] asTheReaderPassesIt(byte[] input) {
    boolean utf16 = input.length >= 2
        && (((input[0] & 0xFF) == 0xFF && (input[1] & 0xFF) == 0xFE) || ((input[0] & 0xFF) == 0xFE && (input[1] & 0xFF) == 0xFF));
    if (!utf16) {
      return input;
    }
    Capture capture = new Capture();
    try {
      EventReader.builder().noPrefilter().addFormat(capture).build()
          .read(new ByteArrayInputStream(input), "test", e -> { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return capture.passed;
  }

  /** A format whose one container takes every input and keeps the bytes the reader passed it. */
  private static final class Capture implements EventFormat, RecordContainer {
    byte[] passed = new byte[0];

    @Override
    public String id() {
      return "capture";
    }

    @Override
    public LineClaim claim(byte[] line, int offset, int length) {
      return LineClaim.NO;
    }

    @Override
    public LineParser newParser() {
      return (line, offset, length, origin) -> LineOutcome.skip("not read as lines");
    }

    @Override
    public List<RecordContainer> containers() {
      return List.of(this);
    }

    @Override
    public boolean recognises(byte[] head, int length) {
      return true;
    }

    @Override
    public void read(InputStream in, String source, RecordSink sink) throws IOException {
      passed = in.readAllBytes();
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
