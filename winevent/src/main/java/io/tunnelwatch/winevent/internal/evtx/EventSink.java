// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import io.tunnelwatch.winevent.WinEvent;

/**
 * Collects the {@link WinEvent} values from an expanded record: {@code Event/System} Provider
 * {@code Name}, EventID, Version, TimeCreated {@code SystemTime}, Computer, Security
 * {@code UserID}, and each {@code Event/EventData/Data} with a {@code Name} attribute (its text:
 * the concatenated character data of the element itself, entity references resolved). Other
 * elements ({@code UserData} included) give nothing. Not thread-safe; reusable via {@link #reset}.
 */
final class EventSink implements BinXmlSink {
  private static final int OTHER = 0;
  private static final int SYSTEM = 1;
  private static final int EVENT_DATA = 2;

  private final WinEvent.Builder event;
  private final StringBuilder text = new StringBuilder(256);
  private int depth;
  private int section;
  private boolean capture;
  /** The current depth-3 element has an attribute the model keeps. */
  private boolean keepsAttribute;
  private String element = "";
  private String dataName = "";
  private boolean hasDataName;

  EventSink(WinEvent.Builder event) {
    this.event = event;
  }

  /** Forgets the previous record, clearing the builder too. */
  void reset() {
    event.clear();
    depth = 0;
    section = OTHER;
    capture = false;
    keepsAttribute = false;
  }

  @Override
  public void startElement(String name) {
    depth++;
    if (depth == 2) {
      section = name.equals("System") ? SYSTEM : name.equals("EventData") ? EVENT_DATA : OTHER;
    } else if (depth == 3) {
      element = name;
      hasDataName = false;
      text.setLength(0);
      capture = section == SYSTEM
          ? name.equals("EventID") || name.equals("Version") || name.equals("Computer")
          : section == EVENT_DATA && name.equals("Data");
      keepsAttribute = section == SYSTEM
          && (name.equals("Provider") || name.equals("TimeCreated") || name.equals("Security"));
    }
  }

  @Override
  public boolean wantsValues() {
    return depth == 3 && (capture || keepsAttribute);
  }

  @Override
  public void attribute(String name, String value) {
    if (depth != 3) {
      return;
    }
    if (section == SYSTEM) {
      switch (element) {
        case "Provider" -> {
          if (name.equals("Name")) {
            event.provider(value);
          }
        }
        case "TimeCreated" -> {
          if (name.equals("SystemTime")) {
            event.systemTime(value);
          }
        }
        case "Security" -> {
          if (name.equals("UserID")) {
            event.userId(value);
          }
        }
        default -> {}
      }
    } else if (section == EVENT_DATA && capture && name.equals("Name")) {
      dataName = value;
      hasDataName = true;
    }
  }

  @Override
  public void text(String s) {
    if (depth == 3 && capture) {
      text.append(s);
    }
  }

  @Override
  public void entity(String name) {
    if (depth == 3 && capture) {
      int c = BinXmlSink.predefinedEntity(name);
      if (c >= 0) {
        text.append((char) c);
      } else {
        text.append('&').append(name).append(';');
      }
    }
  }

  @Override
  public void endElement() {
    if (depth == 3 && capture) {
      String value = text.toString();
      if (section == EVENT_DATA) {
        if (hasDataName) {
          event.addData(dataName, value);
        }
      } else {
        switch (element) {
          case "EventID" -> event.eventId(value);
          case "Version" -> event.version(value);
          default -> event.computer(value);
        }
      }
      capture = false;
    }
    if (depth == 3) {
      keepsAttribute = false;
    } else if (depth == 2) {
      section = OTHER;
    }
    depth--;
  }
}
