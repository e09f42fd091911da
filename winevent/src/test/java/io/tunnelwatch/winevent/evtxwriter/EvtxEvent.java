// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Test tooling: one event to write, as the Windows XML of one {@code <Event>} element, with the
 * record identifier and written time its record header gets.
 *
 * @param xml the event's XML, {@code <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>}
 * @param recordId the record header's identifier (the event's own {@code EventRecordID} is kept)
 * @param writtenTime the record header's written time, or null for the event's {@code SystemTime}
 */
public record EvtxEvent(String xml, long recordId, @Nullable Instant writtenTime) {

  /** Validates the record identifier. */
  public EvtxEvent {
    if (recordId < 1) {
      throw new IllegalArgumentException("recordId must be at least 1 but was " + recordId);
    }
  }

  /** An event whose record header is written at the event's {@code SystemTime}. */
  public static EvtxEvent of(String xml, long recordId) {
    return new EvtxEvent(xml, recordId, null);
  }
}
