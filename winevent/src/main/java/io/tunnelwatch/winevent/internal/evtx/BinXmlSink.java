// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

/**
 * Receives the XML that a Binary XML record expands to, in document order: for each element
 * {@link #startElement}, its {@link #attribute}s, then {@link #text} and child elements, then
 * {@link #endElement}. Text is character data, not escaped; entity references arrive through
 * {@link #entity}. Not thread-safe.
 */
interface BinXmlSink {
  void startElement(String name);

  void attribute(String name, String value);

  void text(String text);

  /** An entity reference (by its name, without the ampersand and semicolon) in element content. */
  void entity(String name);

  void endElement();

  /**
   * Whether values at the current position would be used: when false, the decoder does not render
   * text and attribute values (they are still bound-checked and skipped), which saves most of the
   * work for a sink that keeps a few fields.
   */
  default boolean wantsValues() {
    return true;
  }

  /** A sink that ignores everything, for a structural scan. */
  BinXmlSink NONE = new BinXmlSink() {
    @Override
    public void startElement(String name) {}

    @Override
    public void attribute(String name, String value) {}

    @Override
    public void text(String text) {}

    @Override
    public void entity(String name) {}

    @Override
    public void endElement() {}

    @Override
    public boolean wantsValues() {
      return false;
    }
  };

  /** The character the five XML predefined entities stand for, or -1 for any other name. */
  static int predefinedEntity(String name) {
    return switch (name) {
      case "amp" -> '&';
      case "lt" -> '<';
      case "gt" -> '>';
      case "quot" -> '"';
      case "apos" -> '\'';
      default -> -1;
    };
  }
}
