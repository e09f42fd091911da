// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The tuple of the 20 {@link Field} values that a result row is grouped by. Immutable; equal keys
 * have equal values in every field. Ordered field by field, lexicographically, which is the order
 * in which Splunk's {@code tstats} lists its rows.
 *
 * @since 0.1.0
 */
public final class GroupKey implements Comparable<GroupKey> {
  private final String[] values;
  private final int hash;

  GroupKey(String[] values) {
    this.values = values;
    this.hash = Arrays.hashCode(values);
  }

  /**
   * A key from 20 values in {@link Field} order, as {@link #values()} returns them (for example
   * when reading a key back from a state store).
   *
   * @throws IllegalArgumentException when there are not exactly 20 values
   */
  public static GroupKey of(List<String> values) {
    if (values.size() != Field.count()) {
      throw new IllegalArgumentException(
          "a group key has " + Field.count() + " values but " + values.size() + " were given");
    }
    String[] v = new String[values.size()];
    for (int i = 0; i < v.length; i++) {
      int index = i;
      v[i] = Objects.requireNonNull(values.get(i), () -> "value of " + Field.byIndex(index).cimName());
    }
    return new GroupKey(v);
  }

  /** The value of {@code field}; never null (missing values are {@code unknown} or {@code null}). */
  public String get(Field field) {
    return values[field.index()];
  }

  /** The 20 values in {@link Field} order. */
  public List<String> values() {
    return List.of(values);
  }

  @Override
  public int compareTo(GroupKey o) {
    for (int i = 0; i < values.length; i++) {
      int c = values[i].compareTo(o.values[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof GroupKey k && k.hash == hash && Arrays.equals(k.values, values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("GroupKey{");
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : ", ").append(Field.byIndex(i).cimName()).append('=').append(values[i]);
    }
    return b.append('}').toString();
  }
}
