// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.zip.CRC32;

/**
 * Test tooling: fills one 64 KiB EVTX chunk with event records (libyal's EVTX format, sections 3
 * and 4) and writes its header, string table, template table and checksums.
 *
 * <p>Names and template definitions are written inline the first time a chunk needs them and
 * referred to by chunk offset afterwards, as Windows does; so they are per chunk, and a record
 * that does not fit is undone, names and templates included. Not thread-safe.
 */
final class ChunkBuilder {
  static final int CHUNK_SIZE = 0x10000;
  static final int HEADER_SIZE = 0x200;
  static final byte[] MAGIC = "ElfChnk\0".getBytes(StandardCharsets.US_ASCII);
  private static final int STRING_BUCKETS = 64;
  private static final int TEMPLATE_BUCKETS = 32;

  private final byte[] chunk = new byte[CHUNK_SIZE];
  private final Map<String, Integer> names = new LinkedHashMap<>();
  private final Map<String, Integer> templates = new LinkedHashMap<>();
  private int freeOffset = HEADER_SIZE;
  private int lastRecordOffset;
  private int recordCount;
  private long firstNumber;
  private long lastNumber;
  private long firstId;
  private long lastId;

  int recordCount() {
    return recordCount;
  }

  /**
   * Appends one record if it fits.
   *
   * @param number the record's number in the file (from 1)
   * @param id the record header's identifier
   * @param writtenTime the record header's written time as a FILETIME
   * @return false, leaving the chunk as it was, when the record does not fit
   * @throws IllegalArgumentException when the record would not fit even an empty chunk
   */
  boolean tryAppend(Template.Instance event, long number, long id, long writtenTime) {
    LittleEndianOutput out = new LittleEndianOutput(freeOffset);
    out.u32(0x2a2a).u32(0).u64(id).u64(writtenTime);
    fragment(out, event);
    while ((out.size() + 4) % 8 != 0) {
      out.u8(0); // Windows pads records to 8 bytes
    }
    int size = out.size() + 4;
    out.patchU32(4, size);
    out.u32(size);
    if (freeOffset + size > CHUNK_SIZE) {
      int start = freeOffset;
      names.values().removeIf(offset -> offset >= start);
      templates.values().removeIf(offset -> offset >= start);
      if (recordCount == 0) {
        throw new IllegalArgumentException("record " + id + " of " + size + " bytes does not fit a chunk");
      }
      return false;
    }
    System.arraycopy(out.toByteArray(), 0, chunk, freeOffset, size);
    if (recordCount == 0) {
      firstNumber = number;
      firstId = id;
    }
    lastNumber = number;
    lastId = id;
    lastRecordOffset = freeOffset;
    freeOffset += size;
    recordCount++;
    return true;
  }

  /** The finished chunk: header fields, string and template tables, both checksums. */
  byte[] finish() {
    ByteBuffer header = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    header.put(0, MAGIC);
    header.putLong(8, firstNumber).putLong(16, lastNumber).putLong(24, firstId).putLong(32, lastId);
    header.putInt(40, 128).putInt(44, lastRecordOffset).putInt(48, freeOffset);
    link(header, names, 0x80, STRING_BUCKETS, ChunkBuilder::nameHash);
    link(header, templates, 0x180, TEMPLATE_BUCKETS, key -> templateId(key) & 0xffff);
    sealChunk(chunk, freeOffset);
    return chunk.clone();
  }

  /**
   * Writes a chunk's event-records checksum (records up to {@code freeOffset}) and then its
   * header checksum (bytes 0-120 and 128-512); used again on chunks copied from other files.
   */
  static void sealChunk(byte[] chunk, int freeOffset) {
    ByteBuffer header = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(52, crc32(chunk, List.of(new int[] {HEADER_SIZE, freeOffset})));
    header.putInt(124, crc32(chunk, List.of(new int[] {0, 120}, new int[] {128, HEADER_SIZE})));
  }

  static int crc32(byte[] bytes, List<int[]> ranges) {
    CRC32 crc = new CRC32();
    for (int[] range : ranges) {
      crc.update(bytes, range[0], range[1] - range[0]);
    }
    return (int) crc.getValue();
  }

  /** Chains each table's entries into hash buckets through their leading next-offset field. */
  private void link(
      ByteBuffer header,
      Map<String, Integer> entries,
      int table,
      int buckets,
      ToIntFunction<String> hash) {
    int[] heads = new int[buckets];
    for (Map.Entry<String, Integer> entry : entries.entrySet()) {
      int bucket = hash.applyAsInt(entry.getKey()) % buckets;
      header.putInt(entry.getValue(), heads[bucket]);
      heads[bucket] = entry.getValue();
    }
    for (int i = 0; i < buckets; i++) {
      header.putInt(table + 4 * i, heads[i]);
    }
  }

  /** A fragment: header, template instance with its values, end-of-file token (libevtx needs it). */
  private void fragment(LittleEndianOutput out, Template.Instance instance) {
    out.u8(0x0f).u8(1).u8(1).u8(0);
    templateInstance(out, instance);
    out.u8(0x00);
  }

  private void templateInstance(LittleEndianOutput out, Template.Instance instance) {
    Template template = instance.template();
    String key = template.key();
    out.u8(0x0c).u8(1).u32(templateId(key));
    Integer definition = templates.get(key);
    if (definition != null) {
      out.u32(definition);
    } else {
      int offset = out.offset() + 4;
      out.u32(offset);
      templates.put(key, offset);
      out.u32(0).bytes(BinXmlValue.guidBytes(Template.guidOf(key)));
      int sizeAt = out.size();
      out.u32(0);
      out.u8(0x0f).u8(1).u8(1).u8(0);
      element(out, template.root());
      out.u8(0x00);
      out.patchU32(sizeAt, out.size() - sizeAt - 4);
    }
    List<Object> values = instance.values();
    out.u32(values.size());
    int descriptors = out.size();
    for (int i = 0; i < values.size(); i++) {
      out.u32(0);
    }
    for (int i = 0; i < values.size(); i++) {
      int start = out.size();
      int type;
      if (values.get(i) instanceof BinXmlValue value) {
        out.bytes(value.bytes());
        type = value.type();
      } else {
        fragment(out, (Template.Instance) values.get(i));
        type = BinXmlValue.BINXML;
      }
      int size = out.size() - start;
      if (size > 0xffff) {
        throw new IllegalArgumentException("substitution " + i + " of " + size + " bytes exceeds 65535");
      }
      out.patchU16(descriptors + 4 * i, size);
      out.patchU16(descriptors + 4 * i + 2, type);
    }
  }

  private void element(LittleEndianOutput out, Template.Element element) {
    List<Template.Attribute> attributes = element.attributes();
    out.u8(attributes.isEmpty() ? 0x01 : 0x41).u16(dependency(element));
    int sizeAt = out.size();
    out.u32(0);
    name(out, element.name());
    if (!attributes.isEmpty()) {
      int listAt = out.size();
      out.u32(0);
      for (int i = 0; i < attributes.size(); i++) {
        out.u8(i < attributes.size() - 1 ? 0x46 : 0x06);
        name(out, attributes.get(i).name());
        node(out, attributes.get(i).value());
      }
      out.patchU32(listAt, out.size() - listAt - 4);
    }
    if (element.content().isEmpty()) {
      out.u8(0x03);
    } else {
      out.u8(0x02);
      for (Template.Node node : element.content()) {
        node(out, node);
      }
      out.u8(0x04);
    }
    out.patchU32(sizeAt, out.size() - sizeAt - 4);
  }

  /**
   * The element's dependency identifier: the optional substitution whose null value drops the
   * element, when that is all it holds and it has no attributes (as Windows writes the System
   * {@code <Level>}), else none (0xffff, as Windows writes {@code <Data Name=...>}).
   */
  private static int dependency(Template.Element element) {
    if (element.attributes().isEmpty() && element.content().size() == 1 && element.content().get(0) instanceof Template.Substitution sub && sub.optional()) {
      return sub.index();
    }
    return 0xffff;
  }

  private void node(LittleEndianOutput out, Template.Node node) {
    if (node instanceof Template.Element element) {
      element(out, element);
    } else if (node instanceof Template.Text text) {
      out.u8(0x05).u8(BinXmlValue.STRING).u16(text.value().length()).utf16(text.value());
    } else {
      Template.Substitution sub = (Template.Substitution) node;
      out.u8(sub.optional() ? 0x0e : 0x0d).u16(sub.index()).u8(sub.type());
    }
  }

  private void name(LittleEndianOutput out, String name) {
    Integer known = names.get(name);
    if (known != null) {
      out.u32(known);
      return;
    }
    int offset = out.offset() + 4;
    out.u32(offset);
    names.put(name, offset);
    out.u32(0).u16(nameHash(name)).u16(name.length()).utf16(name).u16(0);
  }

  /** The 16-bit name hash Windows stores with each name (hash * 65599 + UTF-16 unit). */
  static int nameHash(String name) {
    int hash = 0;
    for (int i = 0; i < name.length(); i++) {
      hash = hash * 65599 + name.charAt(i);
    }
    return hash & 0xffff;
  }

  /** The template identifier: the first 32 bits of its GUID as stored. */
  private static int templateId(String key) {
    return (int) (Template.guidOf(key).getMostSignificantBits() >>> 32);
  }
}
