// SPDX-License-Identifier: Apache-2.0
/**
 * Continuous detection on Kafka Streams: a reusable topology and a small application around it.
 */
// requires-(transitive-)automatic: the Kafka jars (in the API, so transitive) have no module descriptor nor Automatic-Module-Name; their
// file-based names are the ones Kafka's own documentation uses on the module path.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.tunnelwatch.kafka {
  requires transitive io.tunnelwatch.core;
  requires transitive kafka.streams;
  requires transitive kafka.clients;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.tunnelwatch.kafka;

  uses io.tunnelwatch.core.spi.EventFormat;
}
