// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes Binary XML by hand into a chunk-sized buffer at chunk offsets, for unit tests: names are
 * written inline (the offset field points right after itself), as Windows does at a name's first
 * use in a chunk.
 */
final class BinXmlWriter {
  final byte[] b;
  int pos;

  BinXmlWriter(int size, int start) {
    b = new byte[size];
    pos = start;
  }

  BinXmlWriter at(int p) {
    pos = p;
    return this;
  }

  BinXmlWriter u8(int v) {
    b[pos++] = (byte) v;
    return this;
  }

  BinXmlWriter u16(int v) {
    return u8(v).u8(v >>> 8);
  }

  BinXmlWriter u32(long v) {
    return u16((int) v).u16((int) (v >>> 16));
  }

  BinXmlWriter u64(long v) {
    return u32(v).u32(v >>> 32);
  }

  BinXmlWriter bytes(byte... v) {
    System.arraycopy(v, 0, b, pos, v.length);
    pos += v.length;
    return this;
  }

  BinXmlWriter utf16(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_16LE));
  }

  /** A name reference with the name inline. */
  BinXmlWriter name(String s) {
    u32(pos + 4);
    u32(0).u16(0).u16(s.length()).utf16(s).u16(0);
    return this;
  }

  BinXmlWriter fragmentHeader() {
    return u8(0x0f).u8(1).u8(1).u8(0);
  }

  /** Open element size fields and attribute list size fields (or -1), innermost last. */
  private final int[] sizes = new int[256];
  private final int[] attrSizes = new int[256];
  private int open;

  /**
   * Open start element inside a template definition (dependency id present); its size fields are
   * filled in by the matching close-start, close-empty and end tokens, as libevtx needs them.
   */
  BinXmlWriter open(String name, boolean attrs) {
    u8(attrs ? 0x41 : 0x01).u16(0xffff);
    sizes[open] = pos;
    u32(0).name(name);
    attrSizes[open] = attrs ? pos : -1;
    open++;
    if (attrs) {
      u32(0);
    }
    return this;
  }

  private void patch(int field, int value) {
    int save = pos;
    at(field).u32(value).at(save);
  }

  private void attributesEnd() {
    int a = attrSizes[open - 1];
    if (a >= 0) {
      patch(a, pos - (a + 4));
    }
  }

  private void elementEnd() {
    open--;
    int sizeField = sizes[open];
    patch(sizeField, pos - (sizeField + 4));
  }

  BinXmlWriter attribute(String name) {
    return u8(0x06).name(name);
  }

  BinXmlWriter text(String s) {
    return u8(0x05).u8(0x01).u16(s.length()).utf16(s);
  }

  BinXmlWriter closeStart() {
    attributesEnd();
    return u8(0x02);
  }

  BinXmlWriter closeEmpty() {
    attributesEnd();
    u8(0x03);
    elementEnd();
    return this;
  }

  BinXmlWriter end() {
    u8(0x04);
    elementEnd();
    return this;
  }

  BinXmlWriter substitution(int index, int type, boolean optional) {
    return u8(optional ? 0x0e : 0x0d).u16(index).u8(type);
  }

  BinXmlWriter eof() {
    return u8(0x00);
  }

  /** Writes a template definition header at {@code pos}; call {@link #endTemplate} after its body. */
  int beginTemplate() {
    int def = pos;
    u32(0).bytes(new byte[16]).u32(0);
    return def;
  }

  void endTemplate(int def) {
    int size = pos - def - 24;
    int save = pos;
    at(def + 20).u32(size).at(save);
  }

  /** A template instance referring to a definition elsewhere, with its values. */
  BinXmlWriter instance(int def, int[] types, byte[][] values) {
    u8(0x0c).u8(1).u32(0).u32(def).u32(types.length);
    for (int i = 0; i < types.length; i++) {
      u16(values[i].length).u8(types[i]).u8(0);
    }
    for (byte[] v : values) {
      bytes(v);
    }
    return this;
  }

  byte[] copy() {
    return Arrays.copyOf(b, b.length);
  }
}
