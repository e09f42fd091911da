// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tunnelwatch.core.spi.DetectionFilter;
import io.tunnelwatch.core.spi.FilterDecision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in false-positive filter: suppresses rows that match an entry of an allowlist file.
 *
 * <pre>{@code
 * {"entries": [
 *   {"match": {"dest": "DEV-*", "user": "alice"},
 *    "reason": "approved dev tunnel use", "owner": "secops@example.com", "expires": "2027-06-30"},
 *   {"match": {"process_hash": {"exact": "SHA256=AB12..."}}, "reason": "signed build", "owner": "it"}
 * ]}
 * }</pre>
 *
 * <p>An entry matches a row when every field it names matches: a string value matches
 * case-insensitively (as Splunk compares field values) with {@code *} standing for any run of
 * characters (matched in time linear in pattern and value); {@code {"exact": "..."}} matches the
 * value exactly, case and all (see {@link Pattern}: a string is always a glob, so
 * {@code "exact:*"} matches values that start with {@code exact:}). {@code reason} and {@code owner} are required. An entry with
 * {@code expires} (an ISO date, UTC) suppresses through that day; after it, the entry no longer suppresses and is listed in {@link #expiredEntries()} and
 * logged. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AllowlistFilter implements DetectionFilter {
  /** The logger, created when first needed: SLF4J's start-up costs tens of milliseconds. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(AllowlistFilter.class);
  }

  private final String source;
  private final List<Entry> active;
  private final List<Entry> expired;
  /** The active entries compiled, in the same order. */
  private final List<Rule> rules;

  private AllowlistFilter(String source, List<Entry> active, List<Entry> expired) {
    this.source = source;
    this.active = List.copyOf(active);
    this.expired = List.copyOf(expired);
    this.rules = this.active.stream().map(Rule::new).toList();
  }

  /**
   * Reads allowlists: a key twice in one object is refused (first-wins and last-wins readers would
   * suppress different rows, so {@code {"dest":"nothing","dest":"*"}} could hide every row from one
   * of them), and nesting, strings and numbers are bounded so that a hostile file is an
   * {@link AllowlistException}, not a stack overflow or an out-of-memory error.
   */
  private static final ObjectMapper READER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(16).maxNumberLength(64).maxStringLength(1 << 20).maxNameLength(1024).build())
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** What is wrong with the JSON, where, never quoting it. */
  private static String problem(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String message = String.valueOf(e.getOriginalMessage());
    if (e instanceof StreamConstraintsException) {
      return "beyond a limit (nesting 16, numbers 64 digits, strings 1 Mi characters)" + where;
    }
    if (message.startsWith("Duplicate field")) {
      String name = e.getProcessor() instanceof JsonParser p ? p.getParsingContext().getCurrentName() : null;
      return (name == null ? "a key" : "the key '" + name + "'") + " appears twice in one object" + where;
    }
    return "not valid JSON" + where;
  }

  /**
   * Loads an allowlist file; expiry is judged against today in UTC.
   *
   * @throws IOException when the file cannot be read
   * @throws AllowlistException naming the entry and field when the file is malformed
   */
  public static AllowlistFilter load(Path file) throws IOException {
    return load(file, Clock.systemUTC());
  }

  /**
   * Loads an allowlist file; expiry is judged against {@code clock}'s date in UTC.
   *
   * @throws IOException when the file cannot be read
   * @throws AllowlistException naming the entry and field when the file is malformed
   */
  public static AllowlistFilter load(Path file, Clock clock) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AllowlistException(file + ": not UTF-8", null);
    }
    return parse(text, file.toString(), clock);
  }

  /**
   * Parses allowlist JSON.
   *
   * @param source the name used in messages
   * @throws AllowlistException naming the entry and field when the JSON is malformed
   */
  public static AllowlistFilter parse(String json, String source, Clock clock) {
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AllowlistException(source + ": " + problem(e), null);
    }
    if (root == null || !root.isObject() || !root.path("entries").isArray()) {
      throw new AllowlistException(source + ": expected an object with an array \"entries\"", null);
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<Entry> active = new ArrayList<>();
    List<Entry> expired = new ArrayList<>();
    int index = 0;
    for (JsonNode node : root.get("entries")) {
      index++;
      Entry e = Entry.parse(node, source, index);
      if (e.expires().isPresent() && e.expires().get().isBefore(today)) {
        Log.LOG.warn("{}: allowlist entry {} ({}, owner {}) expired on {} and no longer suppresses",
            source, index, e.reason(), e.owner(), e.expires().get());
        expired.add(e);
      } else {
        active.add(e);
      }
    }
    return new AllowlistFilter(source, active, expired);
  }

  @Override
  public String name() {
    return "allowlist " + source;
  }

  @Override
  public FilterDecision decide(DetectionResult result) {
    // Each value is lowered once per row, not once per entry: a command line can be a megabyte.
    Map<Field, String> lowered = new EnumMap<>(Field.class);
    for (Rule r : rules) {
      if (r.matches(result, lowered)) {
        Entry e = r.entry;
        return FilterDecision.suppress(
            "allowlist entry " + e.index() + ": " + e.reason() + " (owner " + e.owner() + ")");
      }
    }
    return FilterDecision.keep();
  }

  /** An entry compiled: per field it names, the exact value or the compiled {@link Glob}. */
  private static final class Rule {
    final Entry entry;
    final Field[] fields;
    final @Nullable String[] exact;
    final @Nullable Glob[] globs;

    Rule(Entry entry) {
      this.entry = entry;
      int n = entry.match().size();
      fields = new Field[n];
      exact = new String[n];
      globs = new Glob[n];
      int i = 0;
      for (Map.Entry<Field, Pattern> m : entry.match().entrySet()) {
        fields[i] = m.getKey();
        Pattern pattern = m.getValue();
        if (pattern instanceof Pattern.Exact e) {
          exact[i] = e.value();
        } else if (pattern instanceof Pattern.Glob g) {
          globs[i] = Glob.compile(g.pattern());
        }
        i++;
      }
    }

    boolean matches(DetectionResult row, Map<Field, String> lowered) {
      for (int i = 0; i < fields.length; i++) {
        Field f = fields[i];
        String value = row.get(f);
        String exactValue = exact[i];
        Glob glob = globs[i];
        boolean ok;
        if (exactValue != null) {
          ok = value.equals(exactValue);
        } else {
          ok = glob != null && glob.matchesLowered(lowered.computeIfAbsent(f, k -> value.toLowerCase(Locale.ROOT)));
        }
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * How an allowlist entry matches one field's value: a {@link Pattern.Glob} (a JSON string in the
   * file) or an {@link Pattern.Exact} value (an object {@code {"exact": "..."}}). The kind is the type, never a
   * prefix of the text: the string pattern {@code "exact:*"} is a glob that matches values starting
   * with {@code exact:}, and {@code {"exact": "*"}} matches the value {@code *} alone.
   *
   * @since 0.1.0
   */
  public sealed interface Pattern permits Pattern.Exact, Pattern.Glob {
    /**
     * Matches the value exactly, case and all; {@code *} is an ordinary character.
     *
     * @param value the value to match, not null
     */
    record Exact(String value) implements Pattern {
      /** Validates that the value is not null. */
      public Exact {
        Objects.requireNonNull(value, "value");
      }
    }

    /**
     * Matches the value case-insensitively (as Splunk compares field values), {@code *} standing
     * for any run of characters; matched in time linear in the pattern and the value.
     *
     * @param pattern the glob, not null
     */
    record Glob(String pattern) implements Pattern {
      /** Validates that the pattern is not null. */
      public Glob {
        Objects.requireNonNull(pattern, "pattern");
      }
    }
  }

  /** The entries that still suppress. */
  public List<Entry> entries() {
    return active;
  }

  /** The entries past their expiry date, which no longer suppress. */
  public List<Entry> expiredEntries() {
    return expired;
  }

  /**
   * One allowlist entry.
   *
   * @param index its 1-based position in the file
   * @param match the pattern of each field it names, in the order of the file
   * @param reason why these rows are expected
   * @param owner who answers for the entry
   * @param expires the last day the entry suppresses, if any
   */
  public record Entry(int index, Map<Field, Pattern> match, String reason, String owner, Optional<LocalDate> expires) {
    /** Copies the map and validates the parts. */
    public Entry {
      match = Collections.unmodifiableMap(new LinkedHashMap<>(match));
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(expires, "expires");
    }

    static Entry parse(JsonNode node, String source, int index) {
      String where = source + ": entry " + index;
      if (!node.isObject()) {
        throw new AllowlistException(where + ": expected an object", null);
      }
      for (Map.Entry<String, JsonNode> p : node.properties()) {
        String k = p.getKey();
        if (!List.of("match", "reason", "owner", "expires").contains(k)) {
          throw new AllowlistException(where + ", field '" + k + "': unknown; valid fields are match, reason, owner, expires", null);
        }
      }
      JsonNode match = node.get("match");
      if (match == null || !match.isObject() || match.isEmpty()) {
        throw new AllowlistException(where + ", field 'match': expected an object naming at least one result field", null);
      }
      Map<Field, Pattern> patterns = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : match.properties()) {
        Field field;
        try {
          field = Field.ofCimName(f.getKey());
        } catch (IllegalArgumentException e) {
          throw new AllowlistException(where + ", field 'match." + f.getKey() + "': " + e.getMessage(), e);
        }
        JsonNode v = f.getValue();
        if (v.isTextual()) {
          patterns.put(field, new Pattern.Glob(v.asText()));
        } else if (v.isObject() && v.size() == 1 && v.path("exact").isTextual()) {
          patterns.put(field, new Pattern.Exact(v.get("exact").asText()));
        } else {
          throw new AllowlistException(
              where + ", field 'match." + f.getKey() + "': expected a string pattern or {\"exact\": \"...\"}", null);
        }
      }
      String reason = requiredText(node, "reason", where);
      String owner = requiredText(node, "owner", where);
      Optional<LocalDate> expires = Optional.empty();
      JsonNode exp = node.get("expires");
      if (exp != null && !exp.isNull()) {
        if (!exp.isTextual()) {
          throw new AllowlistException(where + ", field 'expires': expected a date such as 2027-06-30", null);
        }
        try {
          expires = Optional.of(LocalDate.parse(exp.asText()));
        } catch (DateTimeParseException e) {
          throw new AllowlistException(
              where + ", field 'expires': '" + exp.asText() + "' is not a date such as 2027-06-30", e);
        }
      }
      return new Entry(index, patterns, reason, owner, expires);
    }

    private static String requiredText(JsonNode node, String name, String where) {
      JsonNode v = node.get(name);
      if (v == null || !v.isTextual() || v.asText().isBlank()) {
        throw new AllowlistException(where + ", field '" + name + "': required, a non-empty string", null);
      }
      return v.asText();
    }
  }

  @Override
  public String toString() {
    return "AllowlistFilter{" + source + ", " + active.size() + " active, " + expired.size() + " expired}";
  }
}
