// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.winevent.internal.WinEventException;
import io.tunnelwatch.winevent.internal.WinEventParser;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import javax.xml.stream.XMLInputFactory;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The shared Windows event reader (the Sysmon and 4688 adapters' parse path) over each StAX
 * implementation, each created by explicit class: the JDK's, Woodstox and Aalto (events/s).
 */
public class XmlParserBenchmark extends ThroughputBenchmark {
  /** The StAX implementation: jdk, woodstox or aalto. */
  @Param({"jdk", "woodstox", "aalto"})
  public String parser = "jdk";

  private byte[][] lines = new byte[0][];
  private @Nullable WinEventParser reader;

  /** Generates Sysmon lines and the reader. */
  @Setup(Level.Trial)
  public void setUp() {
    CorpusGenerator g = new CorpusGenerator(CorpusGenerator.Kind.SYSMON, 42, 0.001);
    lines = new byte[LINES][];
    for (int i = 0; i < LINES; i++) {
      lines[i] = g.next().getBytes(StandardCharsets.UTF_8);
    }
    Supplier<XMLInputFactory> f = switch (parser) {
      case "jdk" -> XMLInputFactory::newDefaultFactory;
      // By class name: javac would warn on Woodstox's bnd annotations, which are not on the path.
      case "woodstox" -> () -> create("com.ctc.wstx.stax.WstxInputFactory");
      case "aalto" -> () -> create("com.fasterxml.aalto.stax.InputFactoryImpl");
      default -> throw new IllegalArgumentException("parser must be jdk, woodstox or aalto but was " + parser);
    };
    reader = new WinEventParser(f);
  }

  private static XMLInputFactory create(String className) {
    try {
      return Class.forName(className).asSubclass(XMLInputFactory.class).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + className, e);
    }
  }

  /** Parses every line. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parse(Blackhole bh) throws WinEventException {
    WinEventParser r = Objects.requireNonNull(reader, "reader");
    for (byte[] line : lines) {
      bh.consume(r.parse(line, 0, line.length).computer());
    }
  }
}
