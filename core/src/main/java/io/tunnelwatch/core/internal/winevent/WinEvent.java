package io.tunnelwatch.core.internal.winevent;

import io.tunnelwatch.core.spi.LineOutcome;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Not API: what a {@link WinEventParser} read from one {@code <Event>} line: the {@code System}
 * values the adapters need and the {@code EventData/Data} values they asked for. A value is null
 * when the element or attribute is absent; an empty element gives the empty string. Owned by its
 * parser and overwritten by the parser's next line.
 */
public final class WinEvent {
  @Nullable String provider;
  @Nullable String eventId;
  @Nullable String version;
  @Nullable String systemTime;
  @Nullable String computer;
  @Nullable String userId;
  final @Nullable String[] data;

  WinEvent(int dataNames) {
    this.data = new String[dataNames];
  }

  void clear() {
    provider = null;
    eventId = null;
    version = null;
    systemTime = null;
    computer = null;
    userId = null;
    Arrays.fill(data, null);
  }

  /** {@code System/Provider/@Name} of the first {@code Provider}. */
  public @Nullable String provider() {
    return provider;
  }

  /** The text of {@code System/EventID}. */
  public @Nullable String eventId() {
    return eventId;
  }

  /** The text of {@code System/Version}. */
  public @Nullable String version() {
    return version;
  }

  /** {@code System/TimeCreated/@SystemTime}, as written. */
  public @Nullable String systemTime() {
    return systemTime;
  }

  /** The text of {@code System/Computer}. */
  public @Nullable String computer() {
    return computer;
  }

  /** {@code System/Security/@UserID}. */
  public @Nullable String userId() {
    return userId;
  }

  /**
   * The value of the first {@code EventData/Data} element named as the parser's data name at
   * {@code index} (the order given to {@link WinEventParser#WinEventParser}).
   */
  public @Nullable String data(int index) {
    return data[index];
  }

  /**
   * Null when this is event {@code id} of provider {@code name}; otherwise what becomes of the line:
   * a skip for another provider or another numeric event id, a rejection when the provider or the
   * event id is missing or the id is not a number.
   */
  public @Nullable LineOutcome outOfScope(String name, String id) {
    if (provider == null) {
      return LineOutcome.reject("Provider", "the event has no System/Provider/@Name");
    }
    if (!provider.equals(name)) {
      return LineOutcome.skip("provider " + provider + " is out of scope");
    }
    if (eventId == null || !isNumber(eventId)) {
      return LineOutcome.reject("EventID", eventId == null ? "missing" : "not a number");
    }
    if (!eventId.equals(id)) {
      return LineOutcome.skip("event " + eventId + " of " + provider + " is out of scope");
    }
    return null;
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
