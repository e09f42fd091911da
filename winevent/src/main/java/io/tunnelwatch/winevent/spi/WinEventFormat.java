// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.spi;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.internal.EventTime;
import io.tunnelwatch.winevent.internal.EvtxContainer;
import io.tunnelwatch.winevent.internal.ProviderClaim;
import io.tunnelwatch.winevent.internal.WinJsonContainer;
import io.tunnelwatch.winevent.internal.XmlExportContainer;
import io.tunnelwatch.winevent.internal.WrappedXmlContainer;
import io.tunnelwatch.winevent.internal.XmlLineParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event format for one Windows event (a provider and an event id), written as a field mapping
 * from {@link WinEvent} to {@link io.tunnelwatch.core.ProcessEvent}: this class reads every form of
 * Windows event the module knows (XmlWinEventLog lines here; {@code .evtx} files and exports through
 * the reader's record containers) into a {@code WinEvent} and calls {@link #map} for the events of
 * its provider and id. A new form added to this module reaches every such format.
 *
 * <p>As a line format it reads XmlWinEventLog lines (files of JSON lines that wrap such XML, Splunk
 * search exports and HEC events, are read through a container). It claims a line as its own when
 * the first {@code Provider} element is named as its provider, and as its family when it starts with
 * {@code <}; events of its provider with
 * another id, and well-formed events of other providers, are skipped; lines that are not well-formed
 * XML (or declare a DOCTYPE) are rejected. Subclasses are stateless and thread-safe.
 *
 * @since 0.1.0
 */
public abstract class WinEventFormat implements EventFormat {
  private static final List<RecordContainer> CONTAINERS = List.of(
      EvtxContainer.INSTANCE, XmlExportContainer.INSTANCE, WrappedXmlContainer.INSTANCE, WinJsonContainer.INSTANCE);

  /**
   * In {@link #elasticFields()}: Sysmon's {@code Hashes} as Elastic's pipeline split it,
   * {@code process.hash.sha1}, {@code md5}, {@code sha256} and {@code process.pe.imphash}, joined
   * again as Sysmon writes them ({@code SHA1=…,MD5=…,SHA256=…,IMPHASH=…}, upper-case hex, only the
   * algorithms present).
   */
  public static final String ELASTIC_HASHES = "process.hash";

  /**
   * In {@link #elasticFields()}: a {@code DOMAIN\name} value as Elastic's pipeline split it,
   * {@code user.domain} and {@code user.name} ({@code user.name} alone without a domain).
   */
  public static final String ELASTIC_USER = "user";

  private final String id;
  private final String provider;
  private final String eventId;
  private final ProviderClaim claim;

  /**
   * A format for event {@code eventId} of {@code provider}.
   *
   * @param id the format's id ({@link EventFormat#id()})
   * @param provider the {@code System/Provider/@Name} (ASCII)
   * @param eventId the {@code System/EventID}, decimal
   */
  protected WinEventFormat(String id, String provider, String eventId) {
    this.id = Objects.requireNonNull(id, "id");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.eventId = Objects.requireNonNull(eventId, "eventId");
    if (!isNumber(eventId)) {
      throw new IllegalArgumentException("eventId must be a decimal number but was " + eventId);
    }
    this.claim = new ProviderClaim(provider);
  }

  @Override
  public final String id() {
    return id;
  }

  /** The provider whose events this format maps. */
  public final String provider() {
    return provider;
  }

  /** The event id this format maps. */
  public final String eventId() {
    return eventId;
  }

  /**
   * Maps an event of this format's provider and id (checked by the caller) to a process event, or
   * rejects it naming the field at fault.
   *
   * @param event the event
   * @param origin where the event was read, for the process event
   */
  protected abstract LineOutcome map(WinEvent event, EventOrigin origin);

  /**
   * What becomes of {@code event}: {@link #map}'s outcome for this format's provider and id; a skip
   * for another provider or another numeric event id; a rejection when the provider or the event id
   * is missing or the id is not a number.
   */
  public final LineOutcome read(WinEvent event, EventOrigin origin) {
    String name = event.provider();
    if (name == null) {
      return LineOutcome.reject("Provider", "the event has no System/Provider/@Name");
    }
    if (!name.equals(provider)) {
      return LineOutcome.skip("provider " + name + " is out of scope");
    }
    String id = event.eventId();
    if (id == null || !isNumber(id)) {
      return LineOutcome.reject("EventID", id == null ? "missing" : "not a number");
    }
    if (!id.equals(eventId)) {
      return LineOutcome.skip("event " + id + " of " + name + " is out of scope");
    }
    return map(event, origin);
  }

  /**
   * Where Elastic's ingest pipeline (Winlogbeat 7, Elastic Agent, Winlogbeat 8 through
   * Elasticsearch) moved this event's EventData values: by ECS field ({@code process.pid}, or
   * {@link #ELASTIC_HASHES} or {@link #ELASTIC_USER}), the EventData name it came from. An ECS
   * document's event gets each such name that {@code winlog.event_data} no longer holds, valued from
   * its ECS field. The default is none: every value is read from {@code winlog.event_data}.
   */
  public Map<String, String> elasticFields() {
    return Map.of();
  }

  /**
   * Whether {@link #map} takes the event's time from {@link WinEvent#systemTime()} (the default:
   * true). A format whose events carry a better time (Sysmon's {@code UtcTime}) says false for the
   * events where it uses that one, so that the reader counts an event as read in an assumed zone
   * only when that zone decided its time.
   */
  protected boolean usesSystemTime(WinEvent event) {
    return true;
  }

  /**
   * Whether the time {@link #map} gives {@code event} is a time its form wrote without a zone, read
   * in the reader's source zone ({@link WinEvent#systemTimeAssumedZone()}): such events are counted
   * in the read's summary.
   */
  public final boolean timeInAssumedZone(WinEvent event) {
    return event.systemTimeAssumedZone() && usesSystemTime(event);
  }

  /**
   * The instant of a Windows time ({@code 2024-04-23T08:48:30.4493768Z}, Sysmon's
   * {@code 2024-04-23 08:48:30.449}; no zone means UTC), or null when absent or not such a time.
   */
  protected static @Nullable Instant parseTime(@Nullable String text) {
    return EventTime.parse(text);
  }

  /**
   * A GUID as Windows renders it (DESIGN.md 2.6): a value that is a GUID, with or without braces, in
   * any case, becomes {@code {}} + upper case + {@code }}; any other text, and null, is returned as it
   * is. Exporters (python-evtx, evtx_dump, Winlogbeat) write GUIDs in lower case or without braces,
   * and the same process must give the same row from every form.
   */
  protected static @Nullable String guid(@Nullable String value) {
    if (value == null) {
      return null;
    }
    int from = 0;
    int to = value.length();
    if (to == 38 && value.charAt(0) == '{' && value.charAt(37) == '}') {
      from = 1;
      to = 37;
    } else if (to != 36) {
      return value;
    }
    char[] out = new char[38];
    out[0] = '{';
    out[37] = '}';
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      int k = i - from;
      boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return value;
      }
      out[k + 1] = (c >= 'a' && c <= 'f') ? (char) (c - 'a' + 'A') : c;
    }
    return new String(out);
  }

  @Override
  public final LineClaim claim(byte[] line, int offset, int length) {
    return claim.claim(line, offset, length);
  }

  /** True for a line whose first non-blank byte is {@code <}. */
  @Override
  public final boolean recognises(byte[] line, int offset, int length) {
    return claim.recognises(line, offset, length);
  }

  /**
   * XML: the reader's prefilter may pass over lines that cannot match. Safe for this parser because
   * it reads a field with {@code getElementText} (a child element in a field is malformed; text
   * around comments, instructions and CDATA is joined, which the prefilter parses anyway) and
   * decodes the line as UTF-8 itself.
   */
  @Override
  public final LineSyntax syntax() {
    return LineSyntax.XML;
  }

  @Override
  public final LineParser newParser() {
    return new XmlLineParser(this, List.of(this));
  }

  /**
   * A parser that hands an event of another provider, as parsed, to the one of
   * {@code readerFormats} that maps it (a provider name written with a character reference or a
   * namespace prefix is told only by parsing).
   */
  @Override
  public final LineParser newParser(List<EventFormat> readerFormats) {
    return new XmlLineParser(this, readerFormats);
  }

  /**
   * Native {@code .evtx} files, XML exports (Event Viewer, {@code wevtutil}) and files of JSON lines
   * that wrap the XML (Splunk search exports, HEC events).
   */
  @Override
  public final List<RecordContainer> containers() {
    return CONTAINERS;
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
