// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import io.tunnelwatch.core.internal.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The risk event (Splunk RBA) that a kept result row produces: risk object {@code dest} of type
 * {@code system} with score 20, threat object {@code parent_process_name} of type {@code process}.
 *
 * @param riskObject the row's {@code dest}
 * @param riskObjectType always {@code system}
 * @param riskScore always 20
 * @param threatObject the row's {@code parent_process_name}
 * @param threatObjectType always {@code process}
 * @param riskMessage the message with {@code $dest$} and {@code $process$} filled in
 * @param searchName the correlation search's name
 * @param analyticStories the analytic story
 * @param mitreAttack the MITRE ATT&amp;CK technique id
 * @param count the row's count
 * @param firstTime the row's first time
 * @param lastTime the row's last time
 * @since 0.1.0
 */
public record RiskEvent(
    String riskObject,
    String riskObjectType,
    int riskScore,
    String threatObject,
    String threatObjectType,
    String riskMessage,
    String searchName,
    String analyticStories,
    String mitreAttack,
    long count,
    Instant firstTime,
    Instant lastTime) {

  /** The risk score of this detection. */
  public static final int SCORE = 20;
  /** The name of the correlation search. */
  public static final String SEARCH_NAME = "ESCU - Windows Devtunnels Execution - Rule";
  /** The analytic story. */
  public static final String ANALYTIC_STORY = "Reverse Network Proxy";
  /** The MITRE ATT&amp;CK technique. */
  public static final String MITRE_ATTACK = "T1090";
  /** The risk message template, as the search writes it; {@link #from} fills in {@code $dest$} and {@code $process$}. */
  public static final String MESSAGE_TEMPLATE = "Potential Devtunnels execution observed on $dest$ via $process$.";

  /** Validates that no part is null. */
  public RiskEvent {
    Objects.requireNonNull(riskObject, "riskObject");
    Objects.requireNonNull(riskObjectType, "riskObjectType");
    Objects.requireNonNull(threatObject, "threatObject");
    Objects.requireNonNull(threatObjectType, "threatObjectType");
    Objects.requireNonNull(riskMessage, "riskMessage");
    Objects.requireNonNull(searchName, "searchName");
    Objects.requireNonNull(analyticStories, "analyticStories");
    Objects.requireNonNull(mitreAttack, "mitreAttack");
    Objects.requireNonNull(firstTime, "firstTime");
    Objects.requireNonNull(lastTime, "lastTime");
  }

  /** The risk event of a kept result row. */
  public static RiskEvent from(DetectionResult row) {
    String dest = row.get(Field.DEST);
    String message = fill(MESSAGE_TEMPLATE, row);
    return new RiskEvent(
        dest, "system", SCORE, row.get(Field.PARENT_PROCESS_NAME), "process", message,
        SEARCH_NAME, ANALYTIC_STORY, MITRE_ATTACK, row.count(), row.firstTime(), row.lastTime());
  }

  /**
   * {@code template} with each {@code $field$} (a CIM field name) replaced by the row's value, as
   * Splunk fills a risk message. One pass over the template: a value is never scanned, so a
   * {@code $process$} inside a host name is not expanded again.
   */
  static String fill(String template, DetectionResult row) {
    StringBuilder out = new StringBuilder(template.length() + 64);
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('$', at);
      int close = open < 0 ? -1 : template.indexOf('$', open + 1);
      if (close < 0) {
        break;
      }
      out.append(template, at, open).append(row.get(Field.ofCimName(template.substring(open + 1, close))));
      at = close + 1;
    }
    return out.append(template, at, template.length()).toString();
  }

  /**
   * The event as Splunk's risk index names its fields, {@code firstTime} and {@code lastTime} as
   * Splunk renders them in {@code zone}, and {@code _time}: the row's {@code lastTime} (its most
   * recent event) in epoch seconds with the fraction, as Splunk keeps {@code _time}.
   */
  public Map<String, Object> toMap(ZoneId zone) {
    return toMap(zone, TimeFormat.SPLUNK);
  }

  /**
   * {@link #toMap(ZoneId)} with {@code firstTime} and {@code lastTime} in {@code format};
   * {@code _time} is always epoch seconds.
   *
   * @since 0.1.0
   */
  public Map<String, Object> toMap(ZoneId zone, TimeFormat format) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("risk_object", riskObject);
    m.put("risk_object_type", riskObjectType);
    m.put("risk_score", riskScore);
    m.put("threat_object", threatObject);
    m.put("threat_object_type", threatObjectType);
    m.put("risk_message", riskMessage);
    m.put("search_name", searchName);
    m.put("analyticstories", analyticStories);
    m.put("annotations.mitre_attack", mitreAttack);
    m.put("count", count);
    m.put("firstTime", format.format(firstTime, zone));
    m.put("lastTime", format.format(lastTime, zone));
    m.put("_time", TimeFormat.epochSeconds(lastTime));
    return m;
  }

  /** {@link #toMap(ZoneId)} as one line of JSON. */
  public String toJson(ZoneId zone) {
    return Json.write(toMap(zone));
  }

  /**
   * {@link #toMap(ZoneId, TimeFormat)} as one line of JSON.
   *
   * @since 0.1.0
   */
  public String toJson(ZoneId zone, TimeFormat format) {
    return Json.write(toMap(zone, format));
  }
}
