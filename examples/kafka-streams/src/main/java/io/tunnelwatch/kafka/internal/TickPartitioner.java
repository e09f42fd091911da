// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Not API: partitions the observations between the stages. A matching event goes to the partition
 * of its group, by the murmur2 hash of the encoded group as Kafka's default partitioner computes it,
 * so each (window, group) is aggregated in exactly one task; a tick goes to every partition, so
 * every task's stream time moves on.
 */
public final class TickPartitioner implements StreamPartitioner<byte[], Observation> {
  @Override
  public Optional<Set<Integer>> partitions(String topic, byte[] key, Observation value, int numPartitions) {
    if (value.tick()) {
      return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
    }
    return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key)) % numPartitions));
  }
}
