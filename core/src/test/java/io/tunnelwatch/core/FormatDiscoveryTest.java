// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineParser;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EventReader#findFormats}: discovery without a reader, on class loaders the tests write. */
final class FormatDiscoveryTest {
  /** A format of id "kv", discovered second by class name. */
  public static final class KvLater extends Delegate {
    public KvLater() {
      super("kv");
    }
  }

  /** A format of id "kv", discovered first by class name. */
  public static final class KvEarlier extends Delegate {
    public KvEarlier() {
      super("kv");
    }
  }

  /** A format of id "other". */
  public static final class Other extends Delegate {
    public Other() {
      super("other");
    }
  }

  /** Fails to construct, like an adapter with a broken dependency. */
  public static final class Broken extends Delegate {
    public Broken() {
      super(fail());
    }

    private static String fail() {
      throw new IllegalStateException("cannot start");
    }
  }

  abstract static class Delegate implements EventFormat {
    private final EventFormat format;

    Delegate(String id) {
      this.format = new EventReaderTest.KvFormat(id, "kv");
    }

    @Override
    public String id() {
      return format.id();
    }

    @Override
    public LineClaim claim(byte[] line, int offset, int length) {
      return format.claim(line, offset, length);
    }

    @Override
    public LineParser newParser() {
      return format.newParser();
    }
  }

  private static URLClassLoader registering(Path dir, Class<?>... classes) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.write(services.resolve(EventFormat.class.getName()),
        Arrays.stream(classes).map(Class::getName).toList());
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, FormatDiscoveryTest.class.getClassLoader());
  }

  @Test
  void findFormats_keepsTheFirstOfEachId_byClassName_andReportsTheBroken(@TempDir Path dir) throws IOException {
    try (URLClassLoader l = registering(dir, Other.class, KvLater.class, Broken.class, KvEarlier.class)) {
      DiscoveredFormats found = EventReader.findFormats(l);
      assertThat(found.formats()).extracting(f -> f.getClass().getSimpleName())
          .containsExactly("KvEarlier", "Other");
      assertThat(found.problems()).singleElement().asString()
          .contains(Broken.class.getName()).contains("failed to load");
      EventReader reader = EventReader.builder().addDiscoveredFormats(l).build();
      assertThat(reader.formats()).extracting(f -> f.getClass().getSimpleName())
          .containsExactly("KvEarlier", "Other");
      assertThat(reader.formatLoadProblems()).isEqualTo(found.problems());
    }
  }

  @Test
  void noFormat_isEmptyForDiscovery_andATypedErrorForTheReader(@TempDir Path dir) throws IOException {
    try (URLClassLoader l = registering(dir)) {
      assertThat(EventReader.findFormats(l).formats()).isEmpty();
      assertThatThrownBy(() -> EventReader.builder().addDiscoveredFormats(l).build())
          .isInstanceOf(NoEventFormatException.class)
          .hasMessageContaining("addDiscoveredFormats");
    }
  }

  @Test
  void discoveredFormats_areCopied() {
    List<EventFormat> list = new ArrayList<>(List.of(new Other()));
    DiscoveredFormats d = new DiscoveredFormats(list, List.of());
    list.clear();
    assertThat(d.formats()).hasSize(1);
  }
}
