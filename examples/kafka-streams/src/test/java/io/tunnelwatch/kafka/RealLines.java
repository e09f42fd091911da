// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real log lines of the three formats (test resources), and devtunnel executions made from them. */
final class RealLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter SYSMON_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private RealLines() {}

  /** The non-blank lines of a test resource. */
  static List<String> resource(String name) throws IOException {
    try (InputStream in = Objects.requireNonNull(RealLines.class.getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** {@code xml} with the text of its first element matching {@code element} replaced. */
  private static String setXml(String xml, String element, String value) {
    Matcher m = Pattern.compile("(<" + Pattern.quote(element) + ">)[^<]*(</)").matcher(xml);
    assertThat(m.find()).as("%s in the real event", element).isTrue();
    return xml.substring(0, m.end(1)) + value + xml.substring(m.start(2));
  }

  private static String setData(String xml, String name, String value) {
    return setXml(xml, "Data Name='" + name + "'", value);
  }

  private static String setSystemTime(String xml, Instant time) {
    return xml.replaceFirst("SystemTime='[^']*'", "SystemTime='" + time + "'");
  }

  /** A real Sysmon Event ID 1 event turned into an execution of {@code image} on {@code host}. */
  static String sysmon(String real, String image, String originalFileName, String host, Instant time) {
    String x = setData(real, "Image", image);
    x = setData(x, "OriginalFileName", originalFileName);
    x = setData(x, "CommandLine", image + " host -p 8080");
    x = setData(x, "UtcTime", SYSMON_TIME.format(time));
    return setXml(setSystemTime(x, time), "Computer", host);
  }

  /** A real Security 4688 event turned into a devtunnel execution on {@code host}. */
  static String security4688Devtunnel(String real, String host, Instant time) {
    String x = setData(real, "NewProcessName", "C:\\Tools\\devtunnel.exe");
    x = setData(x, "CommandLine", "devtunnel host -p 8080");
    return setXml(setSystemTime(x, time), "Computer", host);
  }

  /** A real FDR ProcessRollup2 event turned into a devtunnel execution on {@code host}. */
  static String crowdStrikeDevtunnel(String real, String host, Instant time) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(real);
    n.put("ImageFileName", "\\Device\\HarddiskVolume2\\Tools\\devtunnel.exe");
    n.put("CommandLine", "C:\\Tools\\devtunnel.exe host -p 8080 --allow-anonymous");
    n.put("ComputerName", host);
    n.put("timestamp", Long.toString(time.toEpochMilli()));
    return JSON.writeValueAsString(n);
  }
}
