// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.tck.conformance.ConformanceCases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DetectionAppTest {
  private static final ClassLoader FORMATS = new CaseFormatLoader();

  /** A loader that discovers only {@link CaseLineFormat}, through a real services file. */
  private static final class CaseFormatLoader extends ClassLoader {
    CaseFormatLoader() {
      super(DetectionAppTest.class.getClassLoader());
    }

    @Override
    public java.util.Enumeration<java.net.URL> getResources(String name) throws IOException {
      if (name.equals("META-INF/services/io.tunnelwatch.core.spi.EventFormat")) {
        return super.getResources("case-format/" + name);
      }
      return super.getResources(name);
    }
  }

  @Test
  void sampleConfiguration_loads_andArgumentsWinOverTheFile(@TempDir Path dir) throws IOException {
    Path sample = Path.of("tunnelwatch-kafka.properties");
    Properties p = DetectionApp.load(new String[] {
        sample.toString(), "tunnelwatch.input.topics=a, b", "bootstrap.servers=kafka-1:9092"});
    DetectionTopology t = DetectionApp.topology(p, FORMATS);
    assertThat(t.inputTopics()).containsExactly("a", "b");
    assertThat(t.resultsTopic()).isEqualTo("tunnelwatch-results");
    assertThat(t.formats()).extracting(f -> f.id()).containsExactly("tw-case");
    Properties s = DetectionApp.streamsConfig(p);
    assertThat(s.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("kafka-1:9092");
    assertThat(s.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(s.stringPropertyNames()).noneMatch(k -> k.startsWith(DetectionApp.PREFIX));
  }

  @Test
  void allowlist_isLoadedAsTheDetectionsFilter(@TempDir Path dir) throws IOException {
    Path allow = dir.resolve("allow.json");
    Files.writeString(allow, ConformanceCases.ALLOWLIST, StandardCharsets.UTF_8);
    Properties p = new Properties();
    p.setProperty("tunnelwatch.input.topics", "in");
    p.setProperty("tunnelwatch.allowlist", allow.toString());
    assertThat(DetectionApp.topology(p, FORMATS).detection().filters()).singleElement()
        .satisfies(f -> assertThat(f.name()).contains(allow.toString()));
  }

  @Test
  void badConfiguration_namesTheKeyAndTheValue() throws IOException {
    Properties p = new Properties();
    assertThatThrownBy(() -> DetectionApp.topology(p, FORMATS)).hasMessageContaining("tunnelwatch.input.topics is required");
    p.setProperty("tunnelwatch.input.topics", "in");
    p.setProperty("tunnelwatch.zone", "Mars/Olympus");
    assertThatThrownBy(() -> DetectionApp.topology(p, FORMATS)).hasMessageContaining("tunnelwatch.zone").hasMessageContaining("Mars/Olympus");
    p.setProperty("tunnelwatch.zone", "UTC");
    p.setProperty("tunnelwatch.source-zone", "+25:00");
    assertThatThrownBy(() -> DetectionApp.topology(p, FORMATS)).hasMessageContaining("tunnelwatch.source-zone")
        .hasMessageContaining("+25:00");
    p.setProperty("tunnelwatch.source-zone", "Europe/Paris");
    p.setProperty("tunnelwatch.partitions", "many");
    assertThatThrownBy(() -> DetectionApp.topology(p, FORMATS)).hasMessageContaining("tunnelwatch.partitions").hasMessageContaining("many");
    p.setProperty("tunnelwatch.partitions", "4");
    p.setProperty("tunnelwatch.late-flush", "30s");
    assertThatThrownBy(() -> DetectionApp.topology(p, FORMATS)).hasMessageContaining("tunnelwatch.late-flush").hasMessageContaining("'30s'");
    p.setProperty("tunnelwatch.late-flush", "PT1M");
    assertThat(DetectionApp.topology(p, FORMATS).lateFlush()).isEqualTo(java.time.Duration.ofMinutes(1));
    assertThatThrownBy(() -> DetectionApp.streamsConfig(new Properties())).hasMessageContaining("application.id is required");
    assertThatThrownBy(() -> DetectionApp.load(new String[] {"a.properties", "b.properties"})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownTunnelwatchKey_isAnError_namingTheKeyAndTheValidOnes() throws IOException {
    Properties p = new Properties();
    p.setProperty("tunnelwatch.input.topics", "in");
    p.setProperty("tunnelwatch.late.flush", "PT1S"); // misspelt: late-flush
    p.setProperty("tunnelwatch.inmemory-store", "true");
    p.setProperty("num.stream.threads", "2"); // not ours: handed to Kafka Streams
    assertThatThrownBy(() -> DetectionApp.topology(p, FORMATS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown keys tunnelwatch.inmemory-store, tunnelwatch.late.flush")
        .hasMessageContaining("tunnelwatch.late-flush").hasMessageContaining("tunnelwatch.in-memory-store")
        .hasMessageNotContaining("PT1S");
    p.remove("tunnelwatch.late.flush");
    p.remove("tunnelwatch.inmemory-store");
    assertThat(DetectionApp.topology(p, FORMATS).inputTopics()).containsExactly("in");
  }
}
