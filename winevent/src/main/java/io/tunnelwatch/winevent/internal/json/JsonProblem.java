// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Not API: a JSON record that cannot be read, with the field at fault (a dotted path such as
 * {@code winlog.event_data}) and a reason that never quotes the payload; and the one configuration
 * of Jackson's streaming parser that the module's JSON readers share. Carries no stack trace: it is
 * an expected outcome, not a bug.
 */
public final class JsonProblem extends Exception {
  private static final long serialVersionUID = 1L;

  /** Windows renderings nest a few levels (evtx_dump's {@code Event.System.Provider.#attributes}). */
  public static final int MAX_NESTING_DEPTH = 32;

  static final int MAX_NAME_LENGTH = 1024;

  static final int MAX_NUMBER_LENGTH = 64;

  private static final int MAX_FIELD_IN_MESSAGE = 64;

  private final @Nullable String field;

  /** A rejection of {@code field} (null: the record as a whole) for {@code reason}. */
  public JsonProblem(@Nullable String field, String reason) {
    super(field == null ? reason : field + ": " + reason, null, false, false);
    this.field = field;
  }

  /** The field at fault as a dotted path, or null for the record. */
  public @Nullable String field() {
    return field;
  }

  /** Why the record was rejected, without the field; never the payload. */
  public String reason() {
    String m = getMessage();
    String text = m == null ? "" : m;
    return field == null ? text : text.substring(field.length() + 2);
  }

  /**
   * The streaming parser's factory: strings up to {@code maxStringChars}, names, numbers and nesting
   * bounded, keys not interned (hostile input could push any number of made-up keys into the JVM's
   * string table), and a key twice in one object rejected (JSON readers disagree on which wins, so an
   * attacker could show one event to one tool and another to the next).
   */
  public static JsonFactory factory(int maxStringChars) {
    return new JsonFactoryBuilder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(maxStringChars)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .build())
        .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
        // JsonParser.Feature.STRICT_DUPLICATE_DETECTION, as the builder names it.
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /**
   * What Jackson's {@code e}, raised by {@code p}, says in words that name the field and never the
   * input; {@code unit} is what the input is called ({@code line}, {@code record}).
   */
  public static JsonProblem of(JsonProcessingException e, JsonParser p, int maxStringChars, String unit) {
    String field = path(p.getParsingContext());
    String reason;
    if (e instanceof StreamConstraintsException) {
      reason = limit(String.valueOf(e.getOriginalMessage()), maxStringChars);
    } else if (e instanceof JsonEOFException) {
      reason = "the " + unit + " ends inside the JSON";
    } else if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
      reason = "a key appears twice";
    } else {
      // Jackson's own message can quote the offending token: only its position is kept.
      reason = "not valid JSON" + column(e.getLocation());
    }
    return new JsonProblem(field, reason);
  }

  /** Which limit was passed, from Jackson's message, in words that name the limit only. */
  private static String limit(String message, int maxStringChars) {
    if (message.startsWith("String value length")) {
      return "a string longer than " + maxStringChars + " characters";
    } else if (message.startsWith("Document nesting depth")) {
      return "nested deeper than " + MAX_NESTING_DEPTH;
    } else if (message.startsWith("Name length")) {
      return "a key longer than " + MAX_NAME_LENGTH + " characters";
    } else if (message.startsWith("Number value length")) {
      return "a number longer than " + MAX_NUMBER_LENGTH + " digits";
    }
    return "beyond a parser limit";
  }

  private static String column(@Nullable JsonLocation location) {
    if (location == null || location.getColumnNr() < 0) {
      return "";
    }
    return (location.getLineNr() > 1 ? " near line " + location.getLineNr() + "," : " near") + " column "
        + location.getColumnNr();
  }

  /** The dotted path of the context ({@code result._raw}), names cut short; null at the top. */
  public static @Nullable String path(@Nullable JsonStreamContext context) {
    List<String> names = new ArrayList<>();
    for (JsonStreamContext c = context; c != null; c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        names.add(0, shortName(c.getCurrentName()));
      } else if (c.inArray()) {
        names.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      }
    }
    return names.isEmpty() ? null : String.join(".", names);
  }

  /**
   * A key as messages print it: itself when it looks like a field name, else a placeholder. A
   * damaged quote turns a value into a key (from {@code "EventData":"<EventData>…secret…"} the key
   * {@code EventData%:=<EventData>…secret…}), so a key is input too and only names are printed.
   */
  static String shortName(String name) {
    return isFieldName(name) ? name : NOT_A_FIELD_NAME;
  }

  static final String NOT_A_FIELD_NAME = "(a key that is not a field name)";

  /** Up to 64 letters, digits, spaces and {@code _ @ # $ . : * -}: what every known writer's keys are made of. */
  private static boolean isFieldName(String name) {
    if (name.isEmpty() || name.length() > MAX_FIELD_IN_MESSAGE) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c) && " _@#$.:*-".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
