// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A validator written for the OCSF schema's own source files (dictionary.json, events/, objects/,
 * profiles/, categories.json), so that a finding is checked against the schema and not against a copy
 * of what the writer meant to write. It resolves {@code extends} chains and {@code $include}d
 * profiles, merges each attribute with its dictionary entry, and checks recursively: every attribute
 * is defined (anything goes under {@code unmapped}), required attributes and {@code at_least_one}
 * constraints hold, values have the attribute's type (string, integer = 32 bits, long = 64 bits,
 * timestamp_t = long, float, boolean, regex, range) and are among its enum values; {@code class_uid},
 * {@code category_uid} and {@code type_uid} are computed from the class as OCSF computes them, and an
 * observable's {@code type_id} from the {@code observable} numbers of types, attributes and objects.
 */
public final class OcsfSchema {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path root;
  private final JsonNode dictionary;
  private final JsonNode types;
  private final Map<String, JsonNode> objects = new HashMap<>();
  private final Map<String, JsonNode> events = new HashMap<>();
  private final Map<String, Integer> categories = new HashMap<>();
  private final Map<String, ObjectNode> resolved = new HashMap<>();
  private final List<String> observableTypeIds = new ArrayList<>();
  /** The profiles the event being validated applies (its metadata.profiles). */
  private final Set<String> profiles = new HashSet<>();
  private final Map<String, Pattern> patterns = new HashMap<>();

  private OcsfSchema(Path root) throws IOException {
    this.root = root;
    this.dictionary = read(root.resolve("dictionary.json")).get("attributes");
    this.types = read(root.resolve("dictionary.json")).get("types").get("attributes");
    for (Path p : list(root.resolve("objects"))) {
      JsonNode o = read(p);
      objects.put(o.get("name").asText(), o);
    }
    for (Path p : list(root.resolve("events"))) {
      JsonNode e = read(p);
      events.put(e.get("name").asText(), e);
    }
    read(root.resolve("categories.json")).get("attributes").properties()
        .forEach(c -> categories.put(c.getKey(), c.getValue().get("uid").asInt()));
    observableTypeIds.addAll(List.of("0", "99"));
    Stream.of(types, dictionary).forEach(d -> d.forEach(a -> {
      if (a.has("observable")) {
        observableTypeIds.add(a.get("observable").asText());
      }
    }));
    objects.values().forEach(o -> {
      if (o.has("observable")) {
        observableTypeIds.add(o.get("observable").asText());
      }
      o.path("attributes").forEach(a -> {
        if (a.has("observable")) {
          observableTypeIds.add(a.get("observable").asText());
        }
      });
    });
  }

  /** The schema in the nearest {@code shared/ocsf-schema-1.8.0} above the working directory. */
  public static Optional<OcsfSchema> find() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path s = p.resolve("shared").resolve("ocsf-schema-1.8.0");
      if (Files.isRegularFile(s.resolve("dictionary.json"))) {
        try {
          return Optional.of(new OcsfSchema(s));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Optional.empty();
  }

  /** The schema's version.json. */
  public String version() {
    try {
      return read(root.resolve("version.json")).get("version").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every way {@code event} breaks event class {@code className}; empty when it is valid. */
  public List<String> validate(JsonNode event, String className) {
    List<String> problems = new ArrayList<>();
    profiles.clear();
    event.path("metadata").path("profiles").forEach(p -> profiles.add(p.asText()));
    JsonNode cls = Objects.requireNonNull(events.get(className), className);
    ObjectNode attributes = attributes(className, true);
    int categoryUid = Objects.requireNonNull(categories.get(inherited(className, "category")), "category");
    int classUid = categoryUid * 1000 + cls.get("uid").asInt();
    expectNumber(event, "category_uid", categoryUid, problems);
    expectNumber(event, "class_uid", classUid, problems);
    expectNumber(event, "type_uid", (long) classUid * 100 + event.path("activity_id").asLong(), problems);
    validateObject(event, attributes, constraints(className, true), "", problems);
    return problems;
  }

  private static void expectNumber(JsonNode event, String name, long expected, List<String> problems) {
    if (!event.path(name).isIntegralNumber() || event.get(name).asLong() != expected) {
      problems.add(name + " must be " + expected + " for this class but was " + event.get(name));
    }
  }

  private void validateObject(JsonNode node, ObjectNode attributes, JsonNode constraints, String path,
      List<String> problems) {
    if (!node.isObject()) {
      problems.add(path + " must be an object but was " + node.getNodeType());
      return;
    }
    for (Map.Entry<String, JsonNode> a : attributes.properties()) {
      if (a.getValue().path("requirement").asText().equals("required") && applies(a.getValue())
          && !node.has(a.getKey())) {
        problems.add(path + a.getKey() + " is required but missing");
      }
    }
    JsonNode group = constraints.path("at_least_one");
    if (group.isArray()) {
      boolean any = false;
      for (JsonNode n : group) {
        any |= node.has(n.asText());
      }
      if (!any) {
        problems.add(path + " needs at least one of " + group);
      }
    }
    node.properties().forEach(e -> {
      String name = e.getKey();
      JsonNode def = attributes.get(name);
      if (def == null) {
        problems.add(path + name + " is not an attribute of this object");
      } else if (!applies(def)) {
        problems.add(path + name + " is an attribute of profile " + def.get("profile").asText()
            + ", which metadata.profiles does not name");
      } else {
        validateAttribute(e.getValue(), def, path + name, problems);
      }
    });
  }

  private void validateAttribute(JsonNode value, JsonNode def, String path, List<String> problems) {
    if (def.path("is_array").asBoolean()) {
      if (!value.isArray()) {
        problems.add(path + " must be an array but was " + value.getNodeType());
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        validateValue(value.get(i), def, path + "[" + i + "]", problems);
      }
    } else {
      validateValue(value, def, path, problems);
    }
  }

  private void validateValue(JsonNode value, JsonNode def, String path, List<String> problems) {
    String type = def.path("type").asText();
    if (type.equals("object")) {
      // The schema's untyped object (unmapped): any JSON object.
      if (!value.isObject()) {
        problems.add(path + " must be an object but was " + value.getNodeType());
      }
      return;
    }
    if (objects.containsKey(type)) {
      validateObject(value, attributes(type, false), constraints(type, false), path + ".", problems);
      return;
    }
    validateScalar(value, type, path, problems);
    JsonNode en = def.path("enum");
    // class_uid and category_uid list only the base event's 0 and are checked as computed instead.
    if (!path.equals("class_uid") && !path.equals("category_uid") && en.isObject() && !en.isEmpty() && !en.has(value.asText())) {
      problems.add(path + " must be one of " + names(en) + " but was " + value);
    }
  }

  private void validateScalar(JsonNode value, String type, String path, List<String> problems) {
    if (types.get(type) == null) {
      problems.add(path + " has a type the schema does not define: " + type);
      return;
    }
    // A type refines its base (timestamp_t is a long_t, hostname_t a string_t): check every level.
    List<JsonNode> chain = new ArrayList<>();
    String base = type;
    for (JsonNode t = types.get(type); t != null; t = t.has("type") ? types.get(t.get("type").asText()) : null) {
      chain.add(t);
      base = t.has("type") ? t.get("type").asText() : base;
    }
    boolean ok = switch (base) {
      case "string_t" -> value.isTextual();
      case "integer_t" -> value.isIntegralNumber() && value.canConvertToInt();
      case "long_t" -> value.isIntegralNumber() && value.canConvertToLong();
      case "float_t" -> value.isNumber();
      case "boolean_t" -> value.isBoolean();
      case "json_t" -> true;
      default -> false;
    };
    if (!ok) {
      problems.add(path + " must be " + type + " but was " + value.getNodeType() + " " + value);
      return;
    }
    for (JsonNode t : chain) {
      if (t.has("regex")
          && !patterns.computeIfAbsent(t.get("regex").asText(), Pattern::compile).matcher(value.asText()).find()) {
        problems.add(path + " does not match the pattern of " + type + ": " + value);
      }
      if (t.has("max_len") && value.asText().length() > t.get("max_len").asInt()) {
        problems.add(path + " is longer than " + type + " allows");
      }
      JsonNode range = t.path("range");
      if (range.isArray() && (value.asLong() < range.get(0).asLong() || value.asLong() > range.get(1).asLong())) {
        problems.add(path + " is outside the range of " + type + ": " + value);
      }
    }
  }

  /** The attributes of an event class or object: its chain of extends, its profiles, each merged with the dictionary. */
  private ObjectNode attributes(String name, boolean event) {
    String key = (event ? "event:" : "object:") + name;
    ObjectNode cached = resolved.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode def = event ? events.get(name) : objects.get(name);
    if (def == null) {
      throw new IllegalArgumentException("the schema has no " + (event ? "event class " : "object ") + name);
    }
    ObjectNode merged = MAPPER.createObjectNode();
    if (def.has("extends")) {
      String parent = def.get("extends").asText();
      merge(merged, attributes(parent, event && events.containsKey(parent)));
    }
    JsonNode own = def.path("attributes");
    for (JsonNode include : own.path("$include")) {
      try {
        JsonNode profile = read(root.resolve(include.asText()));
        // A profile's attributes exist only where the event applies the profile (a class may
        // release one with "profile": null, which the merge below keeps).
        profile.path("attributes").properties().forEach(e -> {
          mergeAttribute(merged, e.getKey(), e.getValue());
          if (!merged.get(e.getKey()).has("profile")) {
            ((ObjectNode) merged.get(e.getKey())).put("profile", profile.get("name").asText());
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    own.properties().forEach(e -> {
      if (!e.getKey().equals("$include")) {
        mergeAttribute(merged, e.getKey(), e.getValue());
      }
    });
    if (!event && name.equals("observable")) {
      // OCSF compiles the observable type_id enum from every 'observable' number in the schema.
      ObjectNode en = ((ObjectNode) merged.get("type_id")).putObject("enum");
      observableTypeIds.forEach(id -> en.putObject(id));
    }
    resolved.put(key, merged);
    return merged;
  }

  private boolean applies(JsonNode attribute) {
    return !attribute.path("profile").isTextual() || profiles.contains(attribute.get("profile").asText());
  }

  private void mergeAttribute(ObjectNode merged, String name, JsonNode def) {
    ObjectNode a = (ObjectNode) merged.get(name);
    if (a == null) {
      JsonNode d = dictionary.get(name);
      a = d == null ? MAPPER.createObjectNode() : d.deepCopy();
      merged.set(name, a);
    }
    merge(a, def);
  }

  private static void merge(ObjectNode into, JsonNode from) {
    from.properties().forEach(e -> {
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    });
  }

  private JsonNode constraints(String name, boolean event) {
    JsonNode def = event ? events.get(name) : objects.get(name);
    ObjectNode all = MAPPER.createObjectNode();
    List<JsonNode> chain = new ArrayList<>();
    for (JsonNode d = def; d != null; d = d.has("extends") ? (event ? events : objects).get(d.get("extends").asText()) : null) {
      chain.add(d);
    }
    // The nearest definition of a constraint wins.
    for (int i = chain.size() - 1; i >= 0; i--) {
      chain.get(i).path("constraints").properties().forEach(e -> all.set(e.getKey(), e.getValue()));
    }
    return all;
  }

  private String inherited(String className, String key) {
    for (JsonNode d = events.get(className); d != null; d = d.has("extends") ? events.get(d.get("extends").asText()) : null) {
      if (d.has(key)) {
        return d.get(key).asText();
      }
    }
    throw new IllegalArgumentException(className + " has no " + key);
  }

  private static List<String> names(JsonNode en) {
    List<String> n = new ArrayList<>();
    en.fieldNames().forEachRemaining(n::add);
    return n;
  }

  private static JsonNode read(Path p) throws IOException {
    return MAPPER.readTree(p.toFile());
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
