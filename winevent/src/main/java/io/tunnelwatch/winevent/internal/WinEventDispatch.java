// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.RecordSink;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Not API: hands the events a container decoded itself (EVTX records, JSON renderings) to the
 * reader's {@link WinEventFormat} of their provider and event id, and tells the sink what became of
 * each. An event of a provider no format maps is skipped; one without a provider is rejected.
 * Immutable and thread-safe.
 */
public final class WinEventDispatch {
  private final List<WinEventFormat> formats;

  /** A dispatch to the Windows formats among {@code formats}. */
  public WinEventDispatch(List<EventFormat> formats) {
    List<WinEventFormat> windows = new ArrayList<>();
    for (EventFormat f : formats) {
      if (f instanceof WinEventFormat w) {
        windows.add(w);
      }
    }
    this.formats = List.copyOf(windows);
  }

  /** The format of the event's provider and id, else the first of its provider, else null. */
  public @Nullable WinEventFormat formatOf(@Nullable String provider, @Nullable String eventId) {
    WinEventFormat sameProvider = null;
    for (WinEventFormat f : formats) {
      if (f.provider().equals(provider)) {
        if (f.eventId().equals(eventId)) {
          return f;
        }
        if (sameProvider == null) {
          sameProvider = f;
        }
      }
    }
    return sameProvider;
  }

  /**
   * Reads {@code event} with its format and reports the outcome as record {@code number} of
   * {@code source}; {@code container} names the outcome of an event no format reads, and
   * {@code where} (may be empty) prefixes the reason of a missing provider.
   */
  public void dispatch(WinEvent event, long number, String source, String container, String where, RecordSink sink) {
    WinEventFormat format = formatOf(event.provider(), event.eventId());
    if (format == null) {
      String provider = event.provider();
      sink.outcome(number, container, provider == null
          ? LineOutcome.reject("Provider", where + "the event has no System/Provider/@Name")
          : LineOutcome.skip("provider " + provider + " is out of scope"));
      return;
    }
    LineOutcome outcome;
    try {
      outcome = format.read(event, new EventOrigin(format.id(), source, number));
    } catch (RuntimeException e) {
      // A mapping must not throw; if one does, the record is rejected and reading goes on.
      outcome = LineOutcome.reject(null, "mapping failed: " + e.getClass().getSimpleName());
    }
    sink.outcome(number, format.id(), outcome);
    if (outcome instanceof LineOutcome.Parsed && format.timeInAssumedZone(event)) {
      sink.zonelessTime();
    }
  }
}
