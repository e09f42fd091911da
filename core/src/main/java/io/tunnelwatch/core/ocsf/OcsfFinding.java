// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.ocsf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.DevtunnelCommand;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.RiskEvent;
import io.tunnelwatch.core.TimeFormat;
import io.tunnelwatch.core.Window;
import io.tunnelwatch.core.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes a result row as an OCSF 1.8.0 Detection Finding ({@code class_uid} 2004, activity Create):
 * one JSON object per row. Immutable and thread-safe.
 *
 * <p>What goes where (README "OCSF"): {@code time} and {@code end_time} are the row's
 * {@code lastTime}, {@code start_time} its {@code firstTime} (epoch milliseconds, as the schema's
 * {@code timestamp_t}); {@code finding_info.uid} is {@link #uid} of the row's group, stable across
 * runs; {@code device.hostname} is {@code dest}; the evidence is the process with its parent and
 * user, pids as integers (4688's hexadecimal ids converted); CIM fields that OCSF has no attribute
 * for are kept under {@code unmapped} with their CIM names. A field whose CIM value is missing
 * ({@code unknown}, {@code null}) is left out rather than written as that word. What the devtunnel
 * command does ({@link DetectionResult#intent()}) and which clause matched go into
 * {@code finding_info.desc} and the evidence's {@code data}, and so does where the row's first and
 * last events were read ({@code data.first_event}, {@code data.last_event}: source, line or EVTX
 * record id, format), when known; {@code risk_score} is the command's
 * {@link DevtunnelCommand#riskScore()} (severity Medium from the anonymous score, Low below).
 *
 * @since 0.1.0
 */
public final class OcsfFinding {
  /** The OCSF schema version the findings follow. */
  public static final String SCHEMA_VERSION = "1.8.0";
  /** The detection's name, as the analytic's name and the finding's title. */
  public static final String DETECTION_NAME = "Windows Devtunnels Execution";
  /** The detection's description, from the ESCU detection. */
  public static final String DESCRIPTION = "Detects the execution of Microsoft devtunnels.exe. Microsoft Devtunnels is a"
      + " feature within Visual Studio that allows developers to expose their local development environment to the"
      + " internet via secure, temporary tunnels, enabling external access for testing webhooks, APIs, and other"
      + " services. While designed for legitimate development purposes, an attacker could exploit this feature to"
      + " expose a compromised system or service to the internet, creating a covert communication channel that"
      + " bypasses network security measures.";

  private static final int CATEGORY_FINDINGS = 2;
  private static final int CLASS_DETECTION_FINDING = 2004;
  private static final int ACTIVITY_CREATE = 1;
  private static final int SEVERITY_LOW = 2;
  private static final int ANALYTIC_RULE = 1;
  private static final int FILE_EXECUTABLE = 1;
  private static final int OBSERVABLE_HOSTNAME = 1;
  private static final int OBSERVABLE_USERNAME = 4;
  private static final int OBSERVABLE_PROCESS_NAME = 9;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final int SEVERITY_MEDIUM = 3;

  private final String productVersion;
  private final DetectionPredicate predicate;

  private OcsfFinding(String productVersion, DetectionPredicate predicate) {
    this.productVersion = productVersion;
    this.predicate = predicate;
  }

  /**
   * A writer whose findings name tunnelwatch {@code productVersion} in {@code metadata.product},
   * for rows of the default predicate.
   *
   * @throws IllegalArgumentException when the version is blank
   */
  public static OcsfFinding forProduct(String productVersion) {
    return forProduct(productVersion, DetectionPredicate.defaults());
  }

  /**
   * As {@link #forProduct(String)}, for rows of {@code predicate} (which says why a row matched).
   *
   * @throws IllegalArgumentException when the version is blank
   */
  public static OcsfFinding forProduct(String productVersion, DetectionPredicate predicate) {
    Objects.requireNonNull(productVersion, "productVersion");
    Objects.requireNonNull(predicate, "predicate");
    if (productVersion.isBlank()) {
      throw new IllegalArgumentException("productVersion must not be blank but was '" + productVersion + "'");
    }
    return new OcsfFinding(productVersion, predicate);
  }

  /**
   * Why {@code row} matched, in words: which clause of {@code predicate} its names satisfy; a match
   * on the original file name alone is a renamed binary.
   */
  public static String matchedBecause(DetectionResult row, DetectionPredicate predicate) {
    return switch (predicate.test(row.group())) {
      case BOTH -> "Matched by process_name=" + predicate.processName() + " and original_file_name="
          + predicate.originalFileName() + ".";
      case PROCESS_NAME -> "Matched by process_name=" + predicate.processName() + " (original_file_name is "
          + row.get(Field.ORIGINAL_FILE_NAME) + ").";
      case ORIGINAL_FILE_NAME -> "Matched by original_file_name=" + predicate.originalFileName()
          + " alone: a renamed binary, running as " + row.get(Field.PROCESS_NAME) + ".";
      case NONE -> "Matched by neither clause of " + predicate + ".";
    };
  }

  /** The finding of {@code row} as one line of JSON (no line end). */
  public String toJson(DetectionResult row) {
    try {
      return Json.mapper().writeValueAsString(finding(row));
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises; this would be a bug.
      throw new UncheckedIOException(e);
    }
  }

  /** Appends {@link #toJson} of {@code row} and a line feed to {@code out}. */
  public void write(DetectionResult row, Appendable out) throws IOException {
    out.append(toJson(row)).append('\n');
  }

  /**
   * The finding's {@code finding_info.uid}: the SHA-256 of the row's 20 group values in
   * {@link Field} order, each written as its UTF-8 length (4 bytes, big-endian) and bytes, in
   * lower-case hex. Equal groups give equal ids, in any run and any window.
   */
  public static String uid(DetectionResult row) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
    for (String v : row.group().values()) {
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      sha.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
      sha.update(b);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private ObjectNode finding(DetectionResult row) {
    ObjectNode f = NODES.objectNode();
    f.put("activity_id", ACTIVITY_CREATE);
    f.put("activity_name", "Create");
    f.put("category_uid", CATEGORY_FINDINGS);
    f.put("category_name", "Findings");
    f.put("class_uid", CLASS_DETECTION_FINDING);
    f.put("class_name", "Detection Finding");
    f.put("type_uid", (long) CLASS_DETECTION_FINDING * 100 + ACTIVITY_CREATE);
    f.put("type_name", "Detection Finding: Create");
    DevtunnelCommand intent = row.intent();
    boolean medium = intent.riskScore() >= DevtunnelCommand.ANONYMOUS_RISK_SCORE;
    f.put("severity_id", medium ? SEVERITY_MEDIUM : SEVERITY_LOW);
    f.put("severity", medium ? "Medium" : "Low");
    f.put("is_alert", true);
    f.put("time", row.lastTime().toEpochMilli());
    f.put("start_time", row.firstTime().toEpochMilli());
    f.put("end_time", row.lastTime().toEpochMilli());
    f.put("count", row.count());
    f.put("risk_score", intent.riskScore());
    f.put("message", RiskEvent.from(row).riskMessage());
    ObjectNode metadata = f.putObject("metadata");
    metadata.put("version", SCHEMA_VERSION);
    ObjectNode product = metadata.putObject("product");
    product.put("name", "tunnelwatch");
    product.put("vendor_name", "tunnelwatch");
    product.put("version", productVersion);
    f.set("finding_info", findingInfo(row, intent.describe() + " " + matchedBecause(row, predicate)));
    String dest = value(row, Field.DEST);
    if (dest != null) {
      f.set("device", device(dest));
    }
    ObjectNode evidence = NODES.objectNode();
    ObjectNode process = process(row, Field.PROCESS_NAME, Field.PROCESS_ID, Field.PROCESS_GUID, Field.PROCESS,
        Field.PROCESS_PATH);
    if (process != null) {
      ObjectNode parent = process(row, Field.PARENT_PROCESS_NAME, Field.PARENT_PROCESS_ID, Field.PARENT_PROCESS_GUID,
          Field.PARENT_PROCESS, Field.PARENT_PROCESS_PATH);
      if (parent != null) {
        process.set("parent_process", parent);
      }
      putIfPresent(process, "working_directory", value(row, Field.PROCESS_CURRENT_DIRECTORY));
      integrity(process, value(row, Field.PROCESS_INTEGRITY_LEVEL));
      ObjectNode user = user(row);
      if (user != null) {
        process.set("user", user);
      }
      evidence.set("process", process);
    } else if (user(row) != null) {
      evidence.set("user", user(row));
    }
    if (dest != null) {
      evidence.set("device", device(dest));
    }
    ObjectNode data = evidence.putObject("data");
    data.set("devtunnel", intent(intent));
    data.put("matched_by", predicate.test(row.group()).name().toLowerCase(Locale.ROOT));
    origin(data, "first_event", row.firstOrigin());
    origin(data, "last_event", row.lastOrigin());
    f.putArray("evidences").add(evidence);
    ArrayNode observables = NODES.arrayNode();
    observable(observables, "device.hostname", OBSERVABLE_HOSTNAME, dest);
    observable(observables, "evidences[0].process.user.name", OBSERVABLE_USERNAME,
        process == null ? null : value(row, Field.USER));
    observable(observables, "evidences[0].process.parent_process.name", OBSERVABLE_PROCESS_NAME,
        process != null && process.has("parent_process") ? value(row, Field.PARENT_PROCESS_NAME) : null);
    if (!observables.isEmpty()) {
      f.set("observables", observables);
    }
    f.set("unmapped", unmapped(row));
    return f;
  }

  /** Where an event was read, under {@code name}: source, line (the EventRecordID for EVTX) and format. */
  private static void origin(ObjectNode data, String name, @Nullable EventOrigin origin) {
    if (origin != null) {
      ObjectNode o = data.putObject(name);
      o.put("source", origin.source());
      o.put("line", origin.line());
      o.put("format", origin.format());
    }
  }

  private static ObjectNode findingInfo(DetectionResult row, String why) {
    ObjectNode info = NODES.objectNode();
    info.put("uid", uid(row));
    info.put("title", DETECTION_NAME);
    info.put("desc", DESCRIPTION + " " + why);
    ObjectNode analytic = info.putObject("analytic");
    analytic.put("name", DETECTION_NAME);
    analytic.put("uid", RiskEvent.SEARCH_NAME);
    analytic.put("type_id", ANALYTIC_RULE);
    analytic.put("type", "Rule");
    ObjectNode attack = info.putArray("attacks").addObject();
    ObjectNode technique = attack.putObject("technique");
    technique.put("uid", RiskEvent.MITRE_ATTACK);
    technique.put("name", "Proxy");
    ObjectNode tactic = attack.putObject("tactic");
    tactic.put("uid", "TA0011");
    tactic.put("name", "Command and Control");
    info.putArray("types").add(RiskEvent.ANALYTIC_STORY);
    info.put("first_seen_time", row.firstTime().toEpochMilli());
    info.put("last_seen_time", row.lastTime().toEpochMilli());
    return info;
  }

  private static ObjectNode intent(DevtunnelCommand c) {
    ObjectNode n = NODES.objectNode();
    n.put("subcommand", c.subcommand());
    c.tunnel().ifPresent(t -> n.put("tunnel_id", t));
    ArrayNode ports = n.putArray("ports");
    c.ports().forEach(ports::add);
    n.put("anonymous", c.anonymous());
    if (c.loginProvider() != null) {
      n.put("login_provider", c.loginProvider());
      n.put("device_code", c.deviceCode());
    }
    n.put("risk_score", c.riskScore());
    return n;
  }

  private static ObjectNode device(String hostname) {
    ObjectNode d = NODES.objectNode();
    d.put("hostname", hostname);
    d.put("type_id", 0);
    d.put("type", "Unknown");
    return d;
  }

  /** A process with a pid or a uid (the schema wants one of them), else null. */
  private static @Nullable ObjectNode process(
      DetectionResult row, Field name, Field id, Field guid, Field commandLine, Field path) {
    Integer pid = pid(value(row, id));
    String uid = value(row, guid);
    if (pid == null && uid == null) {
      return null;
    }
    ObjectNode p = NODES.objectNode();
    putIfPresent(p, "name", value(row, name));
    if (pid != null) {
      p.put("pid", pid);
    }
    putIfPresent(p, "uid", uid);
    putIfPresent(p, "cmd_line", value(row, commandLine));
    String file = value(row, path);
    if (file != null) {
      ObjectNode f = p.putObject("file");
      f.put("name", Objects.requireNonNullElse(ProcessEvent.basename(file), file));
      f.put("path", file);
      f.put("type_id", FILE_EXECUTABLE);
      f.put("type", "Regular File");
    }
    return p;
  }

  private static @Nullable ObjectNode user(DetectionResult row) {
    String name = value(row, Field.USER);
    String uid = value(row, Field.USER_ID);
    if (name == null && uid == null) {
      return null;
    }
    ObjectNode u = NODES.objectNode();
    putIfPresent(u, "name", name);
    putIfPresent(u, "uid", uid);
    return u;
  }

  /** The CIM integrity level as OCSF's {@code integrity_id}; medium_plus and unknown codes are Other. */
  private static void integrity(ObjectNode process, @Nullable String level) {
    if (level == null) {
      return;
    }
    int id = switch (level.toLowerCase(Locale.ROOT)) {
      case "untrusted" -> 1;
      case "low" -> 2;
      case "medium" -> 3;
      case "high" -> 4;
      case "system" -> 5;
      case "protected" -> 6;
      default -> 99;
    };
    process.put("integrity_id", id);
    process.put("integrity", id == 99 ? level : level.substring(0, 1).toUpperCase(Locale.ROOT) + level.substring(1));
  }

  private static ObjectNode unmapped(DetectionResult row) {
    ObjectNode u = NODES.objectNode();
    for (Field f : new Field[] {Field.ORIGINAL_FILE_NAME, Field.VENDOR_PRODUCT, Field.ACTION, Field.PROCESS_HASH,
        Field.PARENT_PROCESS_EXEC, Field.PROCESS_INTEGRITY_LEVEL}) {
      u.put(f.cimName(), row.get(f));
    }
    for (Field f : new Field[] {Field.PROCESS_ID, Field.PARENT_PROCESS_ID}) {
      String v = value(row, f);
      if (v != null && pid(v) == null) {
        // An id that is no integer (or too large for the schema's pid) is kept, not lost.
        u.put(f.cimName(), v);
      }
    }
    Window w = row.window();
    if (w != null) {
      u.put("window_start", (String) TimeFormat.RFC3339.format(w.start(), ZoneOffset.UTC));
      u.put("window_end", (String) TimeFormat.RFC3339.format(w.end(), ZoneOffset.UTC));
      u.put("late", row.late());
    }
    return u;
  }

  private static void observable(ArrayNode into, String name, int typeId, @Nullable String value) {
    if (value != null) {
      ObjectNode o = into.addObject();
      o.put("name", name);
      o.put("type_id", typeId);
      o.put("value", value);
    }
  }

  /** A CIM pid as an integer: decimal, or 4688's {@code 0x} hex; null when it is neither or too large. */
  static @Nullable Integer pid(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      long n = value.startsWith("0x") || value.startsWith("0X")
          ? Long.parseLong(value.substring(2), 16)
          : Long.parseLong(value);
      return n >= 0 && n <= Integer.MAX_VALUE ? (int) n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable String value(DetectionResult row, Field f) {
    String v = row.get(f);
    return f.isMissing(v) ? null : v;
  }

  private static void putIfPresent(ObjectNode node, String key, @Nullable String value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "OcsfFinding{schema " + SCHEMA_VERSION + ", tunnelwatch " + productVersion + "}";
  }
}
