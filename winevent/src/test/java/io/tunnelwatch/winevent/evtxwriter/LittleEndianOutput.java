// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Test tooling: a growable little-endian byte buffer that knows the chunk offset of its first
 * byte, since Binary XML refers to names and templates by chunk offset.
 */
final class LittleEndianOutput {
  private final int base;
  private byte[] bytes = new byte[1024];
  private int size;

  LittleEndianOutput(int base) {
    this.base = base;
  }

  /** The chunk offset the next byte lands at. */
  int offset() {
    return base + size;
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  LittleEndianOutput u8(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
    return this;
  }

  LittleEndianOutput u16(int value) {
    return u8(value).u8(value >>> 8);
  }

  LittleEndianOutput u32(int value) {
    return u16(value).u16(value >>> 16);
  }

  LittleEndianOutput u64(long value) {
    return u32((int) value).u32((int) (value >>> 32));
  }

  LittleEndianOutput bytes(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
    return this;
  }

  LittleEndianOutput utf16(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_16LE));
  }

  /** Overwrites the 16 bits at {@code index} (an index into this buffer, not a chunk offset). */
  void patchU16(int index, int value) {
    bytes[index] = (byte) value;
    bytes[index + 1] = (byte) (value >>> 8);
  }

  /** Overwrites the 32 bits at {@code index} (an index into this buffer, not a chunk offset). */
  void patchU32(int index, int value) {
    patchU16(index, value);
    patchU16(index + 2, value >>> 16);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
