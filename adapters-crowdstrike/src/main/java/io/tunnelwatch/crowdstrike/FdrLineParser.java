// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one stream of FDR lines with Jackson's streaming parser: one pass over the line's tokens,
 * the values of the {@link FdrKey}s kept, everything else skipped unread. Not thread-safe.
 *
 * <p>Rejected: bytes that are not UTF-8; text that is not one JSON object (RFC 8259), including
 * content after it; nesting deeper than {@link #MAX_NESTING_DEPTH}; and, in the events it reads, a
 * key it reads whose value is an object, array or boolean (strings and numbers are taken as
 * written, {@code null} is missing) or that appears twice. A duplicated key is ambiguous (JSON
 * readers disagree on whether the first or the last wins, which an attacker can use to show one
 * process to one tool and another to the next), so the line is rejected naming it; duplicates of
 * keys the parser does not read cannot change the event and are ignored.
 */
final class FdrLineParser implements LineParser {
  /** FDR events are flat objects; anything nested deeper than this is not one. */
  static final int MAX_NESTING_DEPTH = 16;

  static final String VENDOR_PRODUCT = "CrowdStrike FDR";

  /**
   * What a ProcessRollup2 event has no field for (DESIGN.md section 3): the mapping below leaves
   * these unset, so they are missing in every event; {@code CrowdStrikeFormat.lacks()} is this set.
   */
  static final Set<Field> LACKS = Collections.unmodifiableSet(EnumSet.of(Field.PROCESS_CURRENT_DIRECTORY,
      Field.ORIGINAL_FILE_NAME, Field.PARENT_PROCESS, Field.PARENT_PROCESS_PATH, Field.PARENT_PROCESS_GUID,
      Field.PROCESS_GUID));

  // Keys are looked up by equals, so interning them buys nothing, and hostile input could push
  // any number of made-up keys into the JVM's string table.
  private static final JsonFactory JSON = new JsonFactoryBuilder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();

  /** The logger, created when first needed: SLF4J's start-up costs tens of milliseconds. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(FdrLineParser.class);
  }

  private static final Set<String> PROCESS_TYPES = Set.of("ProcessRollup2", "SyntheticProcessRollup2");
  private static final Set<String> HOST_TYPES = Set.of("AidMaster", "ManagedAssets");
  private static final List<FdrKey> ALL_KEYS = List.of(FdrKey.values());
  private static final List<FdrKey> HOST_KEYS = List.of(FdrKey.AID, FdrKey.COMPUTER_NAME);
  private static final int MAX_EPOCH_MILLIS_DIGITS = 15; // beyond the year 33658

  private final AgentHostResolver resolver;
  private final AgentHosts hosts;
  private final @Nullable String[] values = new String[FdrKey.COUNT];
  private final boolean[] seen = new boolean[FdrKey.COUNT];
  private final @Nullable String[] problems = new String[FdrKey.COUNT];
  private boolean resolverFailureLogged;
  private boolean forgettingLogged;

  FdrLineParser(AgentHostResolver resolver, AgentHosts hosts) {
    this.resolver = resolver;
    this.hosts = hosts;
  }

  @Override
  public LineOutcome parse(byte[] line, int offset, int length, EventOrigin origin) {
    int invalid = Utf8.firstInvalid(line, offset, length);
    if (invalid >= 0) {
      return LineOutcome.reject(null, "not valid UTF-8 at byte offset " + invalid);
    }
    Arrays.fill(values, null);
    Arrays.fill(seen, false);
    Arrays.fill(problems, null);
    try (JsonParser p = JSON.createParser(line, offset, length)) {
      LineOutcome malformed;
      try {
        malformed = readObject(p);
      } catch (JsonProcessingException e) {
        malformed = malformed(e, p);
      }
      if (malformed != null) {
        return malformed;
      }
    } catch (IOException e) {
      // Reading a byte array does no I/O; the checked exception comes with Jackson's signatures.
      return LineOutcome.reject(null, "not readable as JSON");
    }
    return complete(origin);
  }

  /** Reads the object's keys into the slots; returns a rejection, or null when the line is one object. */
  private @Nullable LineOutcome readObject(JsonParser p) throws IOException {
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      return LineOutcome.reject(null, "not a JSON object but " + describe(first));
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      FdrKey key = FdrKey.of(p.currentName());
      JsonToken value = p.nextToken();
      if (key == null) {
        p.skipChildren();
      } else {
        read(key, value, p);
      }
    }
    if (p.nextToken() != null) {
      return LineOutcome.reject(null, "content after the JSON object");
    }
    return null;
  }

  /**
   * The rejection for what Jackson found wrong, naming the top-level key whose value was being read
   * when that is a key the parser reads (other keys could be anything, even payload).
   */
  private static LineOutcome malformed(JsonProcessingException e, JsonParser p) {
    String field = topLevelKey(p.getParsingContext());
    if (e instanceof JsonEOFException) {
      return LineOutcome.reject(field, "truncated: the line ends inside the JSON object");
    }
    if (e instanceof StreamConstraintsException) {
      return LineOutcome.reject(field, p.getParsingContext().getNestingDepth() >= MAX_NESTING_DEPTH
          ? "nested deeper than " + MAX_NESTING_DEPTH + " levels"
          : "a number or key longer than the parser allows");
    }
    return LineOutcome.reject(field, "not valid JSON (RFC 8259) at byte offset " + byteOffset(e));
  }

  private static @Nullable String topLevelKey(@Nullable JsonStreamContext context) {
    JsonStreamContext c = context;
    while (c != null && c.getParent() != null && !c.getParent().inRoot()) {
      c = c.getParent();
    }
    if (c == null || !c.inObject() || !c.hasCurrentName()) {
      return null;
    }
    FdrKey key = FdrKey.of(c.getCurrentName());
    return key == null ? null : key.json;
  }

  private void read(FdrKey key, JsonToken value, JsonParser p) throws IOException {
    int slot = key.slot();
    if (seen[slot]) {
      problems[slot] = "appears more than once";
      p.skipChildren();
      return;
    }
    seen[slot] = true;
    switch (value) {
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values[slot] = p.getText();
      case VALUE_NULL -> values[slot] = null;
      default -> {
        problems[slot] = "expected a string but was " + describe(value);
        p.skipChildren();
      }
    }
  }

  private LineOutcome complete(EventOrigin origin) {
    LineOutcome bad = problem(FdrKey.EVENT_SIMPLE_NAME);
    if (bad != null) {
      return bad;
    }
    String type = value(FdrKey.EVENT_SIMPLE_NAME);
    if (type == null || type.isEmpty()) {
      return LineOutcome.reject(FdrKey.EVENT_SIMPLE_NAME.json, "missing: not a CrowdStrike FDR event");
    }
    if (PROCESS_TYPES.contains(type)) {
      return processEvent(origin);
    }
    if (HOST_TYPES.contains(type)) {
      return learnHost(type);
    }
    return LineOutcome.skip("event type " + printable(type) + " out of scope");
  }

  private LineOutcome processEvent(EventOrigin origin) {
    LineOutcome bad = firstProblem(ALL_KEYS);
    if (bad != null) {
      return bad;
    }
    String timestamp = value(FdrKey.TIMESTAMP);
    if (timestamp == null || timestamp.isEmpty()) {
      return LineOutcome.reject(FdrKey.TIMESTAMP.json, "missing: a process event needs its time");
    }
    Instant time = epochMillis(timestamp);
    if (time == null) {
      return LineOutcome.reject(FdrKey.TIMESTAMP.json, "not epoch milliseconds");
    }
    String image = value(FdrKey.IMAGE_FILE_NAME);
    String integrity = value(FdrKey.INTEGRITY_LEVEL);
    String parent = value(FdrKey.PARENT_BASE_FILE_NAME);
    String userSid = value(FdrKey.USER_SID);
    return LineOutcome.event(ProcessEvent.builder(time, origin)
        .set(Field.PROCESS, value(FdrKey.COMMAND_LINE))
        .set(Field.VENDOR_PRODUCT, VENDOR_PRODUCT)
        .set(Field.USER_ID, userSid)
        .set(Field.PROCESS_HASH, firstPresent(value(FdrKey.SHA256_HASH_DATA), value(FdrKey.SHA256_HASH_STRING)))
        .set(Field.PARENT_PROCESS_NAME, parent)
        .set(Field.PARENT_PROCESS_EXEC, parent)
        .set(Field.ACTION, "allowed")
        .set(Field.DEST, dest())
        .set(Field.PROCESS_PATH, image)
        .set(Field.PROCESS_INTEGRITY_LEVEL, integrity == null ? null : IntegrityLevels.name(integrity))
        .set(Field.PARENT_PROCESS_ID, value(FdrKey.PARENT_PROCESS_ID))
        .set(Field.PROCESS_ID, value(FdrKey.RAW_PROCESS_ID))
        .set(Field.USER, userSid)
        .set(Field.PROCESS_NAME, ProcessEvent.basename(image))
        .build());
  }

  /** ComputerName, else the host taught for the aid, else the resolver's answer, else null (unknown). */
  private @Nullable String dest() {
    String computer = value(FdrKey.COMPUTER_NAME);
    if (!missing(computer)) {
      return computer;
    }
    String aid = value(FdrKey.AID);
    if (aid == null || missing(aid)) {
      return null;
    }
    String learned = hosts.hostName(aid);
    return learned != null ? learned : resolve(aid);
  }

  private @Nullable String resolve(String aid) {
    try {
      Optional<String> answer = resolver.hostName(aid);
      return answer == null ? null : answer.orElse(null); // null breaks the contract; read it as "unknown"
    } catch (RuntimeException e) {
      if (!resolverFailureLogged) {
        resolverFailureLogged = true;
        Log.LOG.warn("the host name resolver failed for agent {}; its events keep dest unknown"
            + " (later failures of this parser are logged at debug)", aid, e);
      } else {
        Log.LOG.debug("the host name resolver failed for agent {}", aid, e);
      }
      return null;
    }
  }

  private LineOutcome learnHost(String type) {
    LineOutcome bad = firstProblem(HOST_KEYS);
    if (bad != null) {
      return bad;
    }
    String aid = value(FdrKey.AID);
    String host = value(FdrKey.COMPUTER_NAME);
    if (aid == null || host == null || missing(aid) || missing(host)) {
      return LineOutcome.skip(type + ": no agent id and host name to learn");
    }
    if (!hosts.learn(aid, host)) {
      return LineOutcome.skip(type + ": agent id or host name too long to remember");
    }
    if (hosts.forgotten() > 0 && !forgettingLogged) {
      forgettingLogged = true;
      Log.LOG.info("more agents than the {} host names a parser remembers; the least recently taught are forgotten",
          hosts.size());
    }
    return LineOutcome.skip(type + ": learned the host name of an agent");
  }

  private @Nullable String value(FdrKey key) {
    return values[key.slot()];
  }

  /** The rejection for the first of {@code keys} that holds a wrong type or appears twice, or null. */
  private @Nullable LineOutcome firstProblem(List<FdrKey> keys) {
    for (FdrKey key : keys) {
      LineOutcome bad = problem(key);
      if (bad != null) {
        return bad;
      }
    }
    return null;
  }

  private @Nullable LineOutcome problem(FdrKey key) {
    String problem = problems[key.slot()];
    return problem == null ? null : LineOutcome.reject(key.json, problem);
  }

  /** Absent, empty, {@code -} (or {@code unknown}): core's missing-value rule decides. */
  private static boolean missing(@Nullable String value) {
    return Field.DEST.isMissing(Field.DEST.normalize(value));
  }

  private static @Nullable String firstPresent(@Nullable String preferred, @Nullable String fallback) {
    return missing(preferred) ? fallback : preferred;
  }

  /** Epoch milliseconds written as ASCII digits, or null. */
  private static @Nullable Instant epochMillis(String text) {
    if (text.length() > MAX_EPOCH_MILLIS_DIGITS) {
      return null;
    }
    long millis = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      millis = millis * 10 + (c - '0');
    }
    return Instant.ofEpochMilli(millis);
  }

  private static long byteOffset(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null ? -1 : at.getByteOffset();
  }

  private static String describe(@Nullable JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "a " + token.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }

  /** An event type as a message may show it: only when it looks like one (letters, digits, _). */
  private static String printable(String type) {
    if (type.length() > 64) {
      return "(not an FDR event name)";
    }
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return "(not an FDR event name)";
      }
    }
    return type;
  }
}
