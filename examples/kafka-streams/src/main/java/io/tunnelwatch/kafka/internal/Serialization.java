// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Not API: serdes over {@link Codec}; null stays null (tombstones). */
public final class Serialization {
  private Serialization() {}

  /** A serde from an encoder and a decoder. */
  public static <T> Serde<T> serde(Function<T, byte[]> encode, Function<byte[], T> decode) {
    return Serdes.serdeFrom(
        (topic, data) -> data == null ? null : encode.apply(data),
        (topic, bytes) -> bytes == null ? null : decode.apply(bytes));
  }

  /** The observations between the stages. */
  public static Serde<Observation> observations() {
    return serde(Codec::observation, Codec::observation);
  }
}
