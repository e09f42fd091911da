// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One process creation, normalised to the CIM {@code Endpoint.Processes} fields: the event time
 * ({@code _time}) and the 20 {@link Field} values, plus where it came from. Immutable and
 * thread-safe. Every field has a value: what the source did not supply is {@code unknown} or
 * {@code null} as {@link Field#normalize} says.
 *
 * @since 0.1.0
 */
public final class ProcessEvent {
  private final Instant time;
  private final GroupKey key;
  private final EventOrigin origin;

  private ProcessEvent(Instant time, GroupKey key, EventOrigin origin) {
    this.time = time;
    this.key = key;
    this.origin = origin;
  }

  /** A builder for an event at {@code time} read from {@code origin}; unset fields are missing. */
  public static Builder builder(Instant time, EventOrigin origin) {
    return new Builder(time, origin);
  }

  /**
   * The file name of a path as the detection computes {@code process_name} and
   * {@code parent_process_name} (DESIGN.md 2.5): the text after the last {@code \} or {@code /}, or
   * the whole text when it has neither; null for null.
   *
   * @since 0.1.0
   */
  public static @Nullable String basename(@Nullable String path) {
    return path == null ? null : path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
  }

  /** The event time, {@code _time} in Splunk. */
  public Instant time() {
    return time;
  }

  /** The value of {@code field}, never null. */
  public String get(Field field) {
    return key.get(field);
  }

  /** The 20 field values as the key that results are grouped by. */
  public GroupKey groupKey() {
    return key;
  }

  /** Where the event was read. */
  public EventOrigin origin() {
    return origin;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ProcessEvent e
        && e.time.equals(time)
        && e.key.equals(key)
        && e.origin.equals(origin);
  }

  @Override
  public int hashCode() {
    return Objects.hash(time, key, origin);
  }

  @Override
  public String toString() {
    return "ProcessEvent{time=" + time + ", origin=" + origin + ", " + key + "}";
  }

  /**
   * Builds a {@link ProcessEvent}. Not thread-safe; {@link #build()} may be called once or more.
   */
  public static final class Builder {
    private final Instant time;
    private final EventOrigin origin;
    private final @Nullable String[] values = new String[Field.count()];

    private Builder(Instant time, EventOrigin origin) {
      this.time = Objects.requireNonNull(time, "time");
      this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** Sets {@code field}; null, empty and {@code -} mean missing. */
    public Builder set(Field field, @Nullable String value) {
      values[field.index()] = value;
      return this;
    }

    /**
     * The event, with the missing-value rule applied to every field. A missing {@code process_name}
     * is derived as the {@link #basename} of {@code process_path}, and a missing
     * {@code parent_process_name} as that of {@code parent_process_path}, as the Windows adapters
     * map them (DESIGN.md section 3).
     */
    public ProcessEvent build() {
      String[] v = new String[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = Field.byIndex(i).normalize(values[i]);
      }
      derive(v, Field.PROCESS_NAME, Field.PROCESS_PATH);
      derive(v, Field.PARENT_PROCESS_NAME, Field.PARENT_PROCESS_PATH);
      return new ProcessEvent(time, new GroupKey(v), origin);
    }

    /** Sets {@code name} to the basename of {@code path} when only the path was supplied. */
    private void derive(String[] v, Field name, Field path) {
      String p = values[path.index()];
      if (name.isMissing(name.normalize(values[name.index()])) && !path.isMissing(path.normalize(p))) {
        v[name.index()] = name.normalize(basename(p));
      }
    }
  }
}
