// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One Windows event, whatever form it was read from (an XmlWinEventLog line, an Event Viewer export,
 * an {@code .evtx} record): the {@code System} values the adapters need and the {@code EventData}
 * name/value pairs in document order. Values are text as Windows renders them in its XML (DESIGN.md
 * section 4). A value is null when its element or attribute is absent; an empty element gives the
 * empty string. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WinEvent {
  private final @Nullable String provider;
  private final @Nullable String eventId;
  private final @Nullable String version;
  private final @Nullable String systemTime;
  private final boolean systemTimeAssumedZone;
  private final @Nullable String computer;
  private final @Nullable String userId;
  private final String[] names;
  private final String[] values;

  private WinEvent(Builder b) {
    this.provider = b.provider;
    this.eventId = b.eventId;
    this.version = b.version;
    this.systemTime = b.systemTime;
    this.systemTimeAssumedZone = b.systemTimeAssumedZone;
    this.computer = b.computer;
    this.userId = b.userId;
    this.names = Arrays.copyOf(b.names, b.size);
    this.values = Arrays.copyOf(b.values, b.size);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
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

  /** {@code System/TimeCreated/@SystemTime}, as rendered ({@code 2024-04-23T08:48:30.4493768Z}). */
  public @Nullable String systemTime() {
    return systemTime;
  }

  /**
   * Whether the form this event was read from wrote its time without a zone (NXLog's local
   * {@code EventTime}), so that {@link #systemTime()} is that local time read in the reader's source
   * zone, an assumption.
   */
  public boolean systemTimeAssumedZone() {
    return systemTimeAssumedZone;
  }

  /** The text of {@code System/Computer}. */
  public @Nullable String computer() {
    return computer;
  }

  /** {@code System/Security/@UserID}. */
  public @Nullable String userId() {
    return userId;
  }

  /** The number of {@code EventData/Data} pairs. */
  public int dataCount() {
    return names.length;
  }

  /** The {@code Name} of the pair at {@code index} (document order). */
  public String dataName(int index) {
    return names[index];
  }

  /** The value of the pair at {@code index} (document order). */
  public String dataValue(int index) {
    return values[index];
  }

  /** The value of the first {@code EventData/Data} named {@code name}, or null when there is none. */
  public @Nullable String data(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public String toString() {
    // Names only: values (command lines) can hold secrets.
    return "WinEvent[" + provider + " " + eventId + ", " + names.length + " data]";
  }

  /**
   * Collects an event's values; reusable after {@link #clear()}. Setters keep the last value given,
   * except {@link #provider}, which keeps the first (an event names its provider once; a second
   * {@code Provider} element does not override it). Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String provider;
    private @Nullable String eventId;
    private @Nullable String version;
    private @Nullable String systemTime;
    private boolean systemTimeAssumedZone;
    private @Nullable String computer;
    private @Nullable String userId;
    private String[] names = new String[32];
    private String[] values = new String[32];
    private int size;

    private Builder() {}

    /** Forgets every value, to collect the next event. */
    public Builder clear() {
      provider = null;
      eventId = null;
      version = null;
      systemTime = null;
      systemTimeAssumedZone = false;
      computer = null;
      userId = null;
      size = 0;
      return this;
    }

    /** Sets the provider name unless one is set already. */
    public Builder provider(@Nullable String name) {
      if (provider == null) {
        provider = name;
      }
      return this;
    }

    /** Sets the text of {@code System/EventID}. */
    public Builder eventId(@Nullable String text) {
      this.eventId = text;
      return this;
    }

    /** Sets the text of {@code System/Version}. */
    public Builder version(@Nullable String text) {
      this.version = text;
      return this;
    }

    /** Sets {@code System/TimeCreated/@SystemTime} as rendered. */
    public Builder systemTime(@Nullable String text) {
      this.systemTime = text;
      this.systemTimeAssumedZone = false;
      return this;
    }

    /**
     * Sets the event's time from a form that wrote it without a zone, as {@code instant} (that local
     * time read in the reader's source zone, ISO-8601 in UTC); {@link WinEvent#systemTimeAssumedZone()}
     * says so.
     */
    public Builder systemTimeInAssumedZone(java.time.Instant instant) {
      this.systemTime = instant.toString();
      this.systemTimeAssumedZone = true;
      return this;
    }

    /** Sets the text of {@code System/Computer}. */
    public Builder computer(@Nullable String text) {
      this.computer = text;
      return this;
    }

    /** Sets {@code System/Security/@UserID}. */
    public Builder userId(@Nullable String sid) {
      this.userId = sid;
      return this;
    }

    /** Appends an {@code EventData/Data} pair. */
    public Builder addData(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      names[size] = name;
      values[size] = value;
      size++;
      return this;
    }

    /** The provider set so far, for a reader that decides early whether an event is wanted. */
    public @Nullable String provider() {
      return provider;
    }

    /** The event id set so far. */
    public @Nullable String eventId() {
      return eventId;
    }

    /** An immutable event of the values collected; the builder keeps them. */
    public WinEvent build() {
      return new WinEvent(this);
    }
  }
}
