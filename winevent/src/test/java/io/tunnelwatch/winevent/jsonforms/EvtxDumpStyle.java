// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link JsonForms#evtxDump} writes an event: the choices the Rust {@code evtx} crate's
 * {@code evtx_dump} (and the tools built on it) make differently.
 *
 * @param attributes where XML attributes go
 * @param qualifiers an {@code EventID/@Qualifiers} to write whatever the event has (EventID then
 *     becomes {@code {"#attributes":{"Qualifiers":q},"#text":id}}), or null to write the event's own
 * @param emptyData how an empty {@code Data} element is written
 */
public record EvtxDumpStyle(Attributes attributes, @Nullable Integer qualifiers, EmptyData emptyData) {

  /** Where XML attributes go. */
  public enum Attributes {
    /** Under an {@code "#attributes"} object inside the element's object: evtx_dump's default. */
    NESTED,
    /**
     * In a sibling key {@code <Element>_attributes} of the element (evtx_dump
     * {@code --separate-json-attributes}, as Hayabusa reads it); an element that has only
     * attributes then has no key of its own.
     */
    SEPARATE
  }

  /** How an empty {@code Data} element is written. */
  public enum EmptyData {
    /** {@code ""}: current evtx (its snapshot {@code event_json_sample_with_event_data}). */
    EMPTY_STRING,
    /** {@code null}: the older serde-based renderer for a null substitution. */
    NULL
  }

  /** evtx_dump's default JSON output. */
  public static final EvtxDumpStyle PLAIN = new EvtxDumpStyle(Attributes.NESTED, null, EmptyData.EMPTY_STRING);

  /** evtx_dump {@code --separate-json-attributes}: the form Hayabusa reads. */
  public static final EvtxDumpStyle HAYABUSA = new EvtxDumpStyle(Attributes.SEPARATE, null, EmptyData.EMPTY_STRING);

  /** Validates the qualifiers, an unsigned 16-bit value. */
  public EvtxDumpStyle {
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(emptyData, "emptyData");
    if (qualifiers != null && (qualifiers < 0 || qualifiers > 0xFFFF)) {
      throw new IllegalArgumentException("qualifiers must be 0 to 65535 but was " + qualifiers);
    }
  }

  /** This style, writing EventID as an object with {@code qualifiers}. */
  public EvtxDumpStyle withQualifiers(int qualifiers) {
    return new EvtxDumpStyle(attributes, qualifiers, emptyData);
  }

  /** This style, writing empty {@code Data} as {@code emptyData}. */
  public EvtxDumpStyle with(EmptyData emptyData) {
    return new EvtxDumpStyle(attributes, qualifiers, emptyData);
  }
}
