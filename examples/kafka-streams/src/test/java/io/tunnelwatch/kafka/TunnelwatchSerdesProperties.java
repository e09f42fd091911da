// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.GroupKey;
import io.tunnelwatch.core.GroupStats;
import io.tunnelwatch.core.tck.Seeds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serdes round-trip any value exactly, and fail on damaged bytes only with a SerializationException. */
@ExtendWith(Seeds.class)
final class TunnelwatchSerdesProperties {
  private static final int RUNS = 500;

  private static String text(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.appendCodePoint(r.nextInt(4) == 0 ? 0x80 + r.nextInt(0x2000) : 0x20 + r.nextInt(0x5f));
    }
    return b.toString();
  }

  private static GroupKey key(Random r) {
    List<String> v = new ArrayList<>();
    for (int i = 0; i < Field.values().length; i++) {
      v.add(text(r));
    }
    return GroupKey.of(v);
  }

  private static GroupStats stats(Random r) {
    Instant a = Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000));
    Instant b = a.plusNanos(Math.abs(r.nextLong() % 10_000_000_000_000L));
    long count = 1L + r.nextInt(Integer.MAX_VALUE);
    return switch (r.nextInt(3)) {
      case 0 -> new GroupStats(count, a, b);
      case 1 -> new GroupStats(count, a, b, origin(r), null);
      default -> new GroupStats(count, a, b, origin(r), origin(r));
    };
  }

  private static EventOrigin origin(Random r) {
    return new EventOrigin(r.nextBoolean() ? "sysmon" : "", "topic-" + r.nextInt(9) + (r.nextBoolean() ? "\u00e9" : ""),
        r.nextInt(Integer.MAX_VALUE));
  }

  @Test
  void roundTrip_isExact() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    Serde<GroupKey> keys = TunnelwatchSerdes.groupKey();
    Serde<GroupStats> stats = TunnelwatchSerdes.groupStats();
    for (int i = 0; i < RUNS; i++) {
      GroupKey k = key(r);
      GroupStats s = stats(r);
      assertThat(keys.deserializer().deserialize("t", keys.serializer().serialize("t", k))).as("seed %d", seed).isEqualTo(k);
      assertThat(stats.deserializer().deserialize("t", stats.serializer().serialize("t", s))).as("seed %d", seed).isEqualTo(s);
    }
    assertThat(keys.serializer().serialize("t", null)).isNull();
    assertThat(stats.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void damagedBytes_failOnlyWithSerializationException() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    Serde<GroupKey> keys = TunnelwatchSerdes.groupKey();
    Serde<GroupStats> stats = TunnelwatchSerdes.groupStats();
    for (int i = 0; i < RUNS; i++) {
      byte[] k = keys.serializer().serialize("t", key(r));
      byte[] cut = Arrays.copyOf(k, r.nextInt(k.length));
      assertThatThrownBy(() -> keys.deserializer().deserialize("t", cut)).as("seed %d", seed)
          .isInstanceOf(SerializationException.class);
      byte[] s = stats.serializer().serialize("t", stats(r));
      s[8 + r.nextInt(s.length - 8)] ^= (byte) (1 + r.nextInt(255));
      byte[] damaged = r.nextBoolean() ? s : Arrays.copyOf(s, r.nextInt(s.length));
      try {
        stats.deserializer().deserialize("t", damaged);
      } catch (RuntimeException e) {
        assertThat(e).as("seed %d", seed).isInstanceOf(SerializationException.class);
      }
    }
  }
}
