// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static io.tunnelwatch.winevent.internal.evtx.EvtxValues.i32;
import static io.tunnelwatch.winevent.internal.evtx.EvtxValues.u16;
import static io.tunnelwatch.winevent.internal.evtx.EvtxValues.u32;
import static io.tunnelwatch.winevent.internal.evtx.EvtxValues.u8;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Expands the Binary XML (MS-EVEN6 2.2.12) of the records of one chunk into a {@link BinXmlSink}.
 * Every position is a chunk offset into the chunk buffer; every read is bound-checked against the
 * region being decoded (record, template body or nested value), names and template definitions
 * against the chunk. Work is bounded: nesting depth is capped, a template that instantiates itself
 * is rejected, and each record and each chunk has a token and character budget, so damaged input
 * costs at most a constant per chunk. Failures are {@link EvtxException}s naming the chunk offset
 * and the token or field. Not thread-safe; one per reader.
 *
 * <p>Rendering rules, as Windows renders the XML: an element whose own content holds an optional
 * substitution (0x0e) whose value is NULL-typed is omitted with its attributes and children
 * (MS-EVEN6 3.1.4.7.2); an attribute whose value consists only of substitutions whose values are
 * NULL-typed or empty is omitted; element content from such a normal substitution is empty (an
 * empty string keeps its element: Sysmon's {@code <Data Name='RuleName'/>}); an array value
 * (type | 0x80) substituted in a template repeats its enclosing element once per item (MS-EVEN6
 * 3.1.4.7.5), as libevtx and the Rust {@code evtx} crate do, an empty string item giving an empty
 * element; an array outside a template element renders its items joined with {@code ", "}.
 * Values are rendered (and so checked) only where the sink {@linkplain BinXmlSink#wantsValues wants
 * them}: a damaged value the model does not keep does not reject the record.
 */
final class BinXmlDecoder {
  static final int CHUNK_SIZE = 65_536;
  /** Elements, template instances and nested Binary XML values open at once. */
  static final int MAX_DEPTH = 64;
  /** Tokens per record: a Sysmon or 4688 record takes a few hundred. */
  static final int RECORD_TOKEN_BUDGET = 200_000;
  /** Tokens per chunk, over all its records: real chunks take well under 100,000. */
  static final int CHUNK_TOKEN_BUDGET = 4_000_000;
  /** Characters of text and attribute values one record may expand to. */
  static final long RECORD_CHAR_BUDGET = 4L << 20;
  /** Characters all records of one chunk may expand to. */
  static final long CHUNK_CHAR_BUDGET = 32L << 20;
  /** Items of one array value: Windows writes a handful. */
  static final int MAX_ARRAY_ITEMS = 4096;

  private static final int EOF = 0x00;
  private static final int OPEN_START = 0x01;
  private static final int CLOSE_START = 0x02;
  private static final int CLOSE_EMPTY = 0x03;
  private static final int END_ELEMENT = 0x04;
  private static final int VALUE = 0x05;
  private static final int ATTRIBUTE = 0x06;
  private static final int CDATA = 0x07;
  private static final int CHAR_REF = 0x08;
  private static final int ENTITY_REF = 0x09;
  private static final int PI_TARGET = 0x0a;
  private static final int PI_DATA = 0x0b;
  private static final int TEMPLATE_INSTANCE = 0x0c;
  private static final int NORMAL_SUBSTITUTION = 0x0d;
  private static final int OPTIONAL_SUBSTITUTION = 0x0e;
  private static final int FRAGMENT_HEADER = 0x0f;

  /** The substitution values of one template instance, read from its value descriptors. */
  private static final class Values {
    final int count;
    final int[] pos;
    final int[] size;
    final int[] type;
    /** The selected item of an array value while its element is being repeated, else -1. */
    final int[] selected;
    /** Array item counts, computed on first use; -1 until then. */
    final int[] items;
    boolean hasArray;

    Values(int count) {
      this.count = count;
      this.pos = new int[count];
      this.size = new int[count];
      this.type = new int[count];
      this.selected = new int[count];
      this.items = new int[count];
      Arrays.fill(selected, -1);
      Arrays.fill(items, -1);
    }
  }

  private byte[] b = new byte[0];
  private final @Nullable String[] names = new String[CHUNK_SIZE];
  private final int[] namesSet = new int[CHUNK_SIZE];
  private int namesSetCount;
  private final int[] templateStack = new int[MAX_DEPTH];
  private int templateDepth;
  /** Where the cycle check starts: the templates entered since the innermost nested value. */
  private int templateBase;
  private int depth;
  private int recordTokens;
  private int chunkTokens;
  private long chars;
  private long chunkChars;
  private BinXmlSink sink = BinXmlSink.NONE;
  private final StringBuilder attr = new StringBuilder(256);
  /** Scan mode: find the first array value with more than one item directly in an element. */
  private boolean scanning;
  private int scanDepth;
  private int[] scanEntries = new int[16];
  private int scanCount;
  private static final int OPTIONAL = 1;
  private static final int IN_ATTRIBUTE = 2;
  /** Per template element position: its direct substitutions (see substitutionsOf). */
  private final int[] @Nullable [] elementInfo = new int[CHUNK_SIZE][];
  private final int[] elementInfoSet = new int[CHUNK_SIZE];
  private int elementInfoCount;

  /** Starts a chunk: forgets the names read from the previous one. */
  void startChunk(byte[] chunk) {
    if (chunk.length > CHUNK_SIZE) {
      throw new IllegalArgumentException("chunk must be at most " + CHUNK_SIZE + " bytes but was "
          + chunk.length);
    }
    this.b = chunk;
    for (int i = 0; i < namesSetCount; i++) {
      names[namesSet[i]] = null;
    }
    namesSetCount = 0;
    for (int i = 0; i < elementInfoCount; i++) {
      elementInfo[elementInfoSet[i]] = null;
    }
    elementInfoCount = 0;
    chunkTokens = 0;
    chunkChars = 0;
  }

  /** Expands the Binary XML at {@code [start, end)} of the current chunk into {@code out}. */
  void decodeRecord(int start, int end, BinXmlSink out) {
    this.sink = out;
    depth = 0;
    templateDepth = 0;
    templateBase = 0;
    recordTokens = 0;
    chars = 0;
    scanning = false;
    try {
      int p = fragment(start, end, false, null);
      if (p > end) {
        throw fail(p, "record end", "Binary XML runs past the record end");
      }
    } finally {
      this.sink = BinXmlSink.NONE;
    }
  }

  static EvtxException fail(int position, String field, String message) {
    return new EvtxException(position, field, "chunk offset 0x" + Integer.toHexString(position)
        + ": " + field + ": " + message);
  }

  private void need(int p, long n, int limit, String field) {
    if (p < 0 || n < 0 || p + n > limit) {
      throw fail(p, field, "needs " + n + " bytes, region ends at 0x" + Integer.toHexString(limit));
    }
  }

  private void step(int p) {
    spend(p, 1);
  }

  /** Charges {@code n} token-equivalents of work. */
  private void spend(int p, int n) {
    recordTokens += n;
    chunkTokens += n;
    if (recordTokens > RECORD_TOKEN_BUDGET || chunkTokens > CHUNK_TOKEN_BUDGET) {
      throw fail(p, "token", "work budget exceeded (damaged or hostile structure)");
    }
  }

  private void enter(int p, String what) {
    if (++depth > MAX_DEPTH) {
      throw fail(p, what, "nesting deeper than " + MAX_DEPTH);
    }
  }

  private void charge(int p, int n) {
    chars += n;
    chunkChars += n;
    if (chars > RECORD_CHAR_BUDGET || chunkChars > CHUNK_CHAR_BUDGET) {
      throw fail(p, "value", "record expands to more than its character budget");
    }
  }

  /**
   * A sequence of fragment headers, template instances and elements up to an end-of-stream token
   * or {@code limit}; returns the position after it.
   */
  private int fragment(int p, int limit, boolean inTemplate, @Nullable Values vals) {
    while (p < limit) {
      step(p);
      int t = u8(b, p);
      switch (t) {
        case EOF -> {
          return p + 1;
        }
        case FRAGMENT_HEADER -> {
          need(p, 4, limit, "fragment header");
          p += 4;
        }
        case TEMPLATE_INSTANCE -> p = templateInstance(p, limit);
        case OPEN_START, OPEN_START | 0x40 -> p = element(p, limit, inTemplate, vals);
        default -> throw fail(p, "token", "unexpected token 0x" + Integer.toHexString(t)
            + " in a fragment");
      }
    }
    return p;
  }

  private int templateInstance(int p, int limit) {
    need(p, 10, limit, "template instance");
    enter(p, "template instance");
    int defOffset = i32(b, p + 6);
    int q = p + 10;
    if (defOffset == q) {
      // The definition follows inline (first use in this chunk): skip over it.
      need(q, 24, limit, "template definition header");
      long dataSize = u32(b, q + 20);
      need(q + 24, dataSize, limit, "template definition");
      q += 24 + (int) dataSize;
    }
    need(q, 4, limit, "template value count");
    long n = u32(b, q);
    q += 4;
    if (n > (limit - q) / 4) {
      throw fail(q - 4, "template value count", n + " value descriptors do not fit the record");
    }
    Values vals = new Values((int) n);
    int v = q + 4 * (int) n;
    for (int i = 0; i < n; i++) {
      int d = q + 4 * i;
      int size = u16(b, d);
      int type = u8(b, d + 2);
      need(v, size, limit, "template value");
      vals.pos[i] = v;
      vals.size[i] = size;
      vals.type[i] = type;
      if ((type & EvtxValues.ARRAY) != 0) {
        vals.hasArray = true;
      }
      v += size;
    }
    if (defOffset < 0 || defOffset > b.length - 24) {
      throw fail(p + 6, "template definition offset", "outside the chunk");
    }
    for (int i = templateBase; i < templateDepth; i++) {
      if (templateStack[i] == defOffset) {
        throw fail(p + 6, "template definition offset", "template instantiates itself");
      }
    }
    long dataSize = u32(b, defOffset + 20);
    int body = defOffset + 24;
    need(body, dataSize, b.length, "template definition");
    templateStack[templateDepth++] = defOffset;
    try {
      fragment(body, body + (int) dataSize, true, vals);
    } finally {
      templateDepth--;
    }
    depth--;
    return v;
  }

  /** The name at chunk offset {@code off} (MS-EVEN6 Name: next, hash, count, UTF-16, NUL). */
  private String name(int off, int at) {
    if (off < 0 || off > b.length - 8) {
      throw fail(at, "name offset", "outside the chunk");
    }
    String s = names[off];
    if (s == null) {
      int count = u16(b, off + 6);
      need(off + 8, 2L * count, b.length, "name");
      s = EvtxValues.text(b, off + 8, count);
      names[off] = s;
      namesSet[namesSetCount++] = off;
    }
    return s;
  }

  /** Reads a name reference at {@code q}; returns the position after it (and an inline name). */
  private int nameRef(int q, int limit, String field) {
    need(q, 4, limit, field);
    int off = i32(b, q);
    lastName = name(off, q);
    q += 4;
    if (off == q) {
      int count = u16(b, q + 6);
      need(q, 8 + 2L * count + 2, limit, field);
      q += 8 + 2 * count + 2;
    }
    return q;
  }

  private String lastName = "";

  private int element(int p, int limit, boolean inTemplate, @Nullable Values vals) {
    if (scanning || !inTemplate || vals == null) {
      return elementOnce(p, limit, inTemplate, vals);
    }
    int[] info = substitutionsOf(p, limit, vals);
    for (int e : info) {
      int idx = e >>> 2;
      if ((e & OPTIONAL) != 0 && (e & IN_ATTRIBUTE) == 0 && idx < vals.count
          && vals.type[idx] == EvtxValues.NULL) {
        // MS-EVEN6 3.1.4.7.2: an optional substitution whose value is NULL omits its element.
        BinXmlSink saved = sink;
        sink = BinXmlSink.NONE;
        try {
          return elementOnce(p, limit, inTemplate, vals);
        } finally {
          sink = saved;
        }
      }
    }
    if (vals.hasArray) {
      for (int e : info) {
        int idx = e >>> 2;
        if (idx < vals.count && (vals.type[idx] & EvtxValues.ARRAY) != 0
            && vals.selected[idx] < 0 && arrayCount(vals, idx) > 1) {
          int items = arrayCount(vals, idx);
          int end = p;
          for (int i = 0; i < items; i++) {
            vals.selected[idx] = i;
            try {
              end = element(p, limit, inTemplate, vals);
            } finally {
              vals.selected[idx] = -1;
            }
          }
          return end;
        }
      }
    }
    return elementOnce(p, limit, inTemplate, vals);
  }

  /**
   * The substitutions directly in the template element at {@code p} (in its attributes or its own
   * content, not in child elements), each as {@code index << 2 | OPTIONAL | IN_ATTRIBUTE}; found by
   * a silent walk on first use and kept for the chunk, since every record instantiating the
   * template walks the same bytes.
   */
  private int[] substitutionsOf(int p, int limit, Values vals) {
    int[] info = elementInfo[p];
    if (info != null) {
      return info;
    }
    scanning = true;
    scanDepth = 0;
    scanCount = 0;
    BinXmlSink saved = sink;
    sink = BinXmlSink.NONE;
    int savedDepth = depth;
    try {
      elementOnce(p, limit, true, vals);
    } finally {
      scanning = false;
      sink = saved;
      depth = savedDepth;
    }
    info = Arrays.copyOf(scanEntries, scanCount);
    elementInfo[p] = info;
    elementInfoSet[elementInfoCount++] = p;
    return info;
  }

  private int elementOnce(int p, int limit, boolean inTemplate, @Nullable Values vals) {
    step(p);
    enter(p, "element");
    if (scanning) {
      scanDepth++;
    }
    int t = u8(b, p);
    int q = p + 1;
    if (inTemplate) {
      q += 2; // dependency identifier, present in template definitions only
    }
    need(q, 4, limit, "element size");
    q += 4;
    q = nameRef(q, limit, "element name");
    String name = lastName;
    if ((t & 0x40) != 0) {
      need(q, 4, limit, "attribute list size");
      q += 4;
    }
    sink.startElement(name);
    while (true) {
      need(q, 1, limit, "element token");
      int a = u8(b, q);
      if ((a & 0xbf) != ATTRIBUTE) {
        break;
      }
      step(q);
      q = nameRef(q + 1, limit, "attribute name");
      String attrName = lastName;
      attr.setLength(0);
      attrPresent = false;
      q = attributeValue(q, limit, vals);
      if (attrPresent) {
        sink.attribute(attrName, attr.toString());
      }
    }
    int close = u8(b, q);
    if (close == CLOSE_EMPTY) {
      q++;
    } else if (close == CLOSE_START) {
      q = content(q + 1, limit, inTemplate, vals);
    } else {
      throw fail(q, "element token", "expected close-start or close-empty, found 0x"
          + Integer.toHexString(close));
    }
    sink.endElement();
    if (scanning) {
      scanDepth--;
    }
    depth--;
    return q;
  }

  private boolean attrPresent;

  private int attributeValue(int q, int limit, @Nullable Values vals) {
    while (true) {
      need(q, 1, limit, "attribute value");
      int t = u8(b, q);
      switch (t) {
        case VALUE, VALUE | 0x40 -> {
          step(q);
          q = valueToken(q, limit, true);
          attrPresent = true;
        }
        case CHAR_REF, CHAR_REF | 0x40 -> {
          step(q);
          need(q, 3, limit, "character reference");
          attr.append((char) u16(b, q + 1));
          attrPresent = true;
          q += 3;
        }
        case ENTITY_REF, ENTITY_REF | 0x40 -> {
          step(q);
          q = nameRef(q + 1, limit, "entity reference");
          int c = BinXmlSink.predefinedEntity(lastName);
          if (c >= 0) {
            attr.append((char) c);
          } else {
            attr.append('&').append(lastName).append(';');
          }
          attrPresent = true;
        }
        case NORMAL_SUBSTITUTION, OPTIONAL_SUBSTITUTION -> {
          step(q);
          q = substitution(q, limit, vals, true);
        }
        default -> {
          charge(q, attr.length());
          return q;
        }
      }
    }
  }

  private int content(int q, int limit, boolean inTemplate, @Nullable Values vals) {
    while (true) {
      need(q, 1, limit, "element content");
      int t = u8(b, q);
      switch (t) {
        case END_ELEMENT -> {
          step(q);
          return q + 1;
        }
        case OPEN_START, OPEN_START | 0x40 -> q = element(q, limit, inTemplate, vals);
        case VALUE, VALUE | 0x40 -> {
          step(q);
          q = valueToken(q, limit, false);
        }
        case CDATA, CDATA | 0x40, PI_DATA -> {
          step(q);
          need(q, 3, limit, t == PI_DATA ? "processing instruction data" : "CDATA");
          int n = u16(b, q + 1);
          need(q + 3, 2L * n, limit, t == PI_DATA ? "processing instruction data" : "CDATA");
          if (t != PI_DATA) {
            text(q, EvtxValues.text(b, q + 3, n));
          }
          q += 3 + 2 * n;
        }
        case CHAR_REF, CHAR_REF | 0x40 -> {
          step(q);
          need(q, 3, limit, "character reference");
          text(q, String.valueOf((char) u16(b, q + 1)));
          q += 3;
        }
        case ENTITY_REF, ENTITY_REF | 0x40 -> {
          step(q);
          q = nameRef(q + 1, limit, "entity reference");
          sink.entity(lastName);
        }
        case PI_TARGET -> {
          step(q);
          q = nameRef(q + 1, limit, "processing instruction target");
        }
        case NORMAL_SUBSTITUTION, OPTIONAL_SUBSTITUTION -> {
          step(q);
          q = substitution(q, limit, vals, false);
        }
        case TEMPLATE_INSTANCE -> {
          step(q);
          q = templateInstance(q, limit);
        }
        default -> throw fail(q, "element content", "unexpected token 0x"
            + Integer.toHexString(t));
      }
    }
  }

  private void text(int p, String s) {
    if (!s.isEmpty()) {
      charge(p, s.length());
      sink.text(s);
    }
  }

  /** A value token: a type byte, then for strings a character count and UTF-16 text. */
  private int valueToken(int q, int limit, boolean inAttribute) {
    need(q, 2, limit, "value");
    int type = u8(b, q + 1);
    q += 2;
    String s;
    if (type == EvtxValues.STRING) {
      need(q, 2, limit, "value length");
      int n = u16(b, q);
      need(q + 2, 2L * n, limit, "value");
      s = sink.wantsValues() ? EvtxValues.text(b, q + 2, n) : null;
      q += 2 + 2 * n;
    } else {
      int size = EvtxValues.fixedSize(type);
      if (size < 0) {
        throw fail(q - 1, "value type", "value token of type 0x" + Integer.toHexString(type)
            + " has no known size");
      }
      need(q, size, limit, "value");
      s = sink.wantsValues() ? EvtxValues.render(b, q, size, type) : null;
      q += size;
    }
    if (s != null) {
      if (inAttribute) {
        attr.append(s);
      } else {
        text(q, s);
      }
    }
    return q;
  }

  private int substitution(int q, int limit, @Nullable Values vals, boolean inAttribute) {
    need(q, 4, limit, "substitution");
    int index = u16(b, q + 1);
    if (vals == null) {
      throw fail(q, "substitution", "substitution outside a template");
    }
    if (index >= vals.count) {
      throw fail(q + 1, "substitution index", "index " + index + " of " + vals.count + " values");
    }
    int type = vals.type[index];
    int pos = vals.pos[index];
    int size = vals.size[index];
    q += 4;
    if (scanning) {
      if (scanDepth == 1) {
        if (scanCount == scanEntries.length) {
          scanEntries = Arrays.copyOf(scanEntries, scanCount * 2);
        }
        scanEntries[scanCount++] = index << 2
            | (u8(b, q - 4) == OPTIONAL_SUBSTITUTION ? OPTIONAL : 0)
            | (inAttribute ? IN_ATTRIBUTE : 0);
      }
      return q;
    }
    if (type == EvtxValues.NULL || size == 0) {
      return q; // absent: nothing rendered, and alone it drops its attribute
    }
    if (type == EvtxValues.BINXML) {
      if (inAttribute) {
        throw fail(q - 4, "substitution", "Binary XML value in an attribute");
      }
      enter(q, "Binary XML value");
      // A nested value may instantiate an enclosing template again: that is no cycle, since it
      // decodes a strictly smaller region of the record. Cycles are looked for from here on.
      int savedTemplates = templateDepth;
      int savedBase = templateBase;
      templateBase = templateDepth;
      try {
        fragment(pos, pos + size, false, null);
      } finally {
        templateDepth = savedTemplates;
        templateBase = savedBase;
      }
      depth--;
      return q;
    }
    if (!sink.wantsValues()) {
      return q;
    }
    String s;
    if ((type & EvtxValues.ARRAY) != 0) {
      s = arrayText(vals, index);
    } else {
      s = EvtxValues.render(b, pos, size, type);
    }
    if (s != null && !s.isEmpty()) {
      if (inAttribute) {
        attr.append(s);
        attrPresent = true;
      } else {
        text(q, s);
      }
    }
    return q;
  }

  /** The number of items of the array value {@code index}, at most {@link #MAX_ARRAY_ITEMS}. */
  private int arrayCount(Values vals, int index) {
    int n = vals.items[index];
    if (n < 0) {
      n = countItems(vals, index);
      if (n > MAX_ARRAY_ITEMS) {
        throw fail(vals.pos[index], "array value", n + " items, more than " + MAX_ARRAY_ITEMS);
      }
      vals.items[index] = n;
    }
    return n;
  }

  private int countItems(Values vals, int index) {
    int type = vals.type[index] & ~EvtxValues.ARRAY;
    int pos = vals.pos[index];
    int size = vals.size[index];
    if (type == EvtxValues.STRING) {
      int n = 0;
      for (int i = 0; i + 1 < size; i += 2) {
        if (b[pos + i] == 0 && b[pos + i + 1] == 0) {
          n++;
        }
      }
      // A last string without its NUL terminator still counts.
      boolean terminated = size >= 2 && b[pos + (size & ~1) - 1] == 0
          && b[pos + (size & ~1) - 2] == 0;
      return terminated ? n : n + 1;
    }
    if (type == EvtxValues.ANSI_STRING) {
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (b[pos + i] == 0) {
          n++;
        }
      }
      return size > 0 && b[pos + size - 1] == 0 ? n : n + 1;
    }
    if (type == EvtxValues.SID) {
      int n = 0;
      for (int i = 0; i + 8 <= size; i += EvtxValues.sidSize(b, pos + i)) {
        n++;
      }
      return n;
    }
    int item = itemSize(type, size, pos);
    return size / item;
  }

  private int itemSize(int type, int size, int pos) {
    if (type == EvtxValues.SIZE_T) {
      return size % 8 == 0 ? 8 : 4;
    }
    int item = EvtxValues.fixedSize(type);
    if (item <= 0) {
      throw fail(pos, "array value", "array of type 0x" + Integer.toHexString(type)
          + " is not supported");
    }
    return item;
  }

  /** The selected item of an array value, or all its items joined with ", ". */
  private String arrayText(Values vals, int index) {
    int sel = vals.selected[index];
    int count = arrayCount(vals, index);
    if (sel >= 0) {
      return arrayItem(vals, index, sel);
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(arrayItem(vals, index, i));
    }
    return s.toString();
  }

  private String arrayItem(Values vals, int index, int item) {
    int type = vals.type[index] & ~EvtxValues.ARRAY;
    int pos = vals.pos[index];
    int end = pos + vals.size[index];
    // Finding an item scans the value from its start: charge that to the work budget.
    spend(pos, vals.size[index] >>> 6);
    if (type == EvtxValues.STRING || type == EvtxValues.ANSI_STRING) {
      int unit = type == EvtxValues.STRING ? 2 : 1;
      int start = pos;
      int seen = 0;
      for (int i = pos; i + unit <= end; i += unit) {
        boolean nul = b[i] == 0 && (unit == 1 || b[i + 1] == 0);
        if (nul) {
          if (seen == item) {
            return unit == 2 ? EvtxValues.utf16(b, start, i - start)
                : EvtxValues.ansi(b, start, i - start);
          }
          seen++;
          start = i + unit;
        }
      }
      return unit == 2 ? EvtxValues.utf16(b, start, end - start)
          : EvtxValues.ansi(b, start, end - start);
    }
    if (type == EvtxValues.SID) {
      int p = pos;
      for (int i = 0; i < item && p + 8 <= end; i++) {
        p += EvtxValues.sidSize(b, p);
      }
      if (p + 8 > end) {
        throw fail(pos, "array value", "SID array item " + item + " outside the value");
      }
      int size = Math.min(EvtxValues.sidSize(b, p), end - p);
      return EvtxValues.sid(b, p, size);
    }
    int size = itemSize(type, vals.size[index], pos);
    String s = EvtxValues.render(b, pos + item * size, size, type);
    return s == null ? "" : s;
  }
}
