// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RiskEventTest {
  @Test
  void riskEvent_followsTheDetectionsRbaSettings() {
    DetectionResult row = Detection.builder().build()
        .evaluate(List.of(TestEvents.devtunnel("2024-04-23T08:48:30Z", "ar-win-$process$"))).results().get(0);
    RiskEvent r = RiskEvent.from(row);
    assertThat(r.riskObject()).isEqualTo("ar-win-$process$");
    assertThat(r.riskObjectType()).isEqualTo("system");
    assertThat(r.riskScore()).isEqualTo(20);
    assertThat(r.threatObject()).isEqualTo("cmd.exe");
    assertThat(r.threatObjectType()).isEqualTo("process");
    assertThat(r.riskMessage())
        .as("tokens are filled once: a token inside a value is not expanded again")
        .isEqualTo("Potential Devtunnels execution observed on ar-win-$process$ via devtunnel.exe host -p 8080.");
    assertThat(r.searchName()).isEqualTo("ESCU - Windows Devtunnels Execution - Rule");
    assertThat(r.analyticStories()).isEqualTo("Reverse Network Proxy");
    assertThat(r.mitreAttack()).isEqualTo("T1090");
    assertThat(r.count()).isEqualTo(1);
  }

  @Test
  void json_namesFieldsAsTheRiskIndexDoes() throws Exception {
    DetectionResult row = Detection.builder().build()
        .evaluate(List.of(TestEvents.devtunnel("2024-04-23T08:48:30Z", "h"))).results().get(0);
    var node = new ObjectMapper().readTree(RiskEvent.from(row).toJson(ZoneOffset.UTC));
    assertThat(node.get("risk_score").asInt()).isEqualTo(20);
    assertThat(node.get("annotations.mitre_attack").asText()).isEqualTo("T1090");
    assertThat(node.get("firstTime").asText()).isEqualTo("2024-04-23T08:48:30");
  }

  @Test
  void json_carriesTime_asSplunkKeepsIt_epochSecondsOfTheLastEvent() throws Exception {
    DetectionResult row = Detection.builder().build()
        .evaluate(List.of(TestEvents.devtunnel("2024-04-23T08:48:30.25Z", "h"),
            TestEvents.devtunnel("2024-04-23T08:49:00.4493768Z", "h"))).results().get(0);
    var node = new ObjectMapper().readTree(RiskEvent.from(row).toJson(ZoneOffset.UTC));
    assertThat(node.get("_time").isNumber()).isTrue();
    assertThat(node.get("_time").decimalValue()).isEqualTo(new java.math.BigDecimal("1713862140.4493768"));
    assertThat(node.fieldNames().next()).as("risk_object stays first").isEqualTo("risk_object");
    var rfc = new ObjectMapper().readTree(RiskEvent.from(row).toJson(java.time.ZoneId.of("Europe/Paris"), TimeFormat.RFC3339));
    assertThat(rfc.get("firstTime").asText()).isEqualTo("2024-04-23T10:48:30.25+02:00");
    assertThat(rfc.get("_time")).isEqualTo(node.get("_time"));
  }
}
