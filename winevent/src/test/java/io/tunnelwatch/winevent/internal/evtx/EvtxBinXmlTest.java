// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Template expansion rules on hand-built Binary XML. */
final class EvtxBinXmlTest {
  private static final int DEF = 0x200;
  private static final int RECORD = 0x800;

  /** {@code <Data Name='X' Extra='%1'>%0</Data>}, %1 optional. */
  private static BinXmlWriter dataTemplate(int type0, int type1) {
    BinXmlWriter w = new BinXmlWriter(4096, DEF);
    int def = w.beginTemplate();
    w.fragmentHeader().open("Data", true)
        .attribute("Name").text("X")
        .attribute("Extra").substitution(1, type1, true)
        .closeStart().substitution(0, type0, false).end().eof();
    w.endTemplate(def);
    return w;
  }

  private static String xml(BinXmlWriter w, int[] types, byte[][] values) {
    w.at(RECORD).fragmentHeader().instance(DEF, types, values).eof();
    BinXmlDecoder d = new BinXmlDecoder();
    d.startChunk(w.b);
    XmlSink sink = new XmlSink();
    d.decodeRecord(RECORD, w.pos, sink);
    return sink.xml();
  }

  private static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  @Test
  void optionalNullAttribute_isOmitted_presentOneIsKept() {
    BinXmlWriter w = dataTemplate(EvtxValues.STRING, EvtxValues.NULL);
    assertThat(xml(w, new int[] {EvtxValues.STRING, EvtxValues.NULL},
        new byte[][] {utf16("v"), new byte[0]})).isEqualTo("<Data Name='X'>v</Data>");
    w = dataTemplate(EvtxValues.STRING, EvtxValues.STRING);
    assertThat(xml(w, new int[] {EvtxValues.STRING, EvtxValues.HEX_INT32},
        new byte[][] {utf16("v"), {0x50, 0x0f, 0, 0}}))
        .isEqualTo("<Data Name='X' Extra='0xf50'>v</Data>");
  }

  @Test
  void optionalNullContent_omitsItsElement_emptyStringDoesNot() {
    // <Root><A Keep='k'>%0</A><B>%1</B></Root>, %0 optional (MS-EVEN6 3.1.4.7.2).
    BinXmlWriter w = new BinXmlWriter(4096, DEF);
    int def = w.beginTemplate();
    w.fragmentHeader().open("Root", false).closeStart()
        .open("A", true).attribute("Keep").text("k").closeStart().substitution(0, 1, true).end()
        .open("B", false).closeStart().substitution(1, 1, false).end()
        .end().eof();
    w.endTemplate(def);
    int[] nullA = {EvtxValues.NULL, EvtxValues.STRING};
    assertThat(xml(w, nullA, new byte[][] {new byte[0], utf16("x")}))
        .isEqualTo("<Root><B>x</B></Root>");
    int[] strings = {EvtxValues.STRING, EvtxValues.STRING};
    assertThat(xml(w, strings, new byte[][] {new byte[0], utf16("x")}))
        .isEqualTo("<Root><A Keep='k'/><B>x</B></Root>");
    assertThat(xml(w, strings, new byte[][] {utf16("v"), utf16("x")}))
        .isEqualTo("<Root><A Keep='k'>v</A><B>x</B></Root>");
    // A normal substitution whose value is NULL leaves its element, empty.
    assertThat(xml(w, new int[] {EvtxValues.STRING, EvtxValues.NULL},
        new byte[][] {utf16("v"), new byte[0]})).isEqualTo("<Root><A Keep='k'>v</A><B/></Root>");
  }

  @Test
  void valuesAreDecodedByTheInstanceType_notTheTemplateType() {
    // Declared size_t in the template (as 4688's NewProcessId), stored as HexInt64.
    BinXmlWriter w = dataTemplate(EvtxValues.SIZE_T, EvtxValues.NULL);
    assertThat(xml(w, new int[] {EvtxValues.HEX_INT64, EvtxValues.NULL},
        new byte[][] {{0x78, 0x05, 0, 0, 0, 0, 0, 0}, new byte[0]}))
        .isEqualTo("<Data Name='X'>0x578</Data>");
  }

  @Test
  void emptyValue_givesAnEmptyElement() {
    BinXmlWriter w = dataTemplate(EvtxValues.STRING, EvtxValues.NULL);
    assertThat(xml(w, new int[] {EvtxValues.STRING, EvtxValues.NULL},
        new byte[][] {new byte[0], new byte[0]})).isEqualTo("<Data Name='X'/>");
  }

  @Test
  void stringArray_repeatsTheElementPerItem() {
    BinXmlWriter w = dataTemplate(EvtxValues.STRING | EvtxValues.ARRAY, EvtxValues.NULL);
    assertThat(xml(w, new int[] {EvtxValues.STRING | EvtxValues.ARRAY, EvtxValues.NULL},
        new byte[][] {utf16("a\0bc\0"), new byte[0]}))
        .isEqualTo("<Data Name='X'>a</Data><Data Name='X'>bc</Data>");
  }

  @Test
  void hexArray_repeatsTheElementPerItem() {
    BinXmlWriter w = dataTemplate(EvtxValues.HEX_INT32 | EvtxValues.ARRAY, EvtxValues.NULL);
    assertThat(xml(w, new int[] {EvtxValues.HEX_INT32 | EvtxValues.ARRAY, EvtxValues.NULL},
        new byte[][] {{1, 0, 0, 0, 0x10, 0, 0, 0}, new byte[0]}))
        .isEqualTo("<Data Name='X'>0x1</Data><Data Name='X'>0x10</Data>");
  }

  @Test
  void nestedBinXml_expandsInPlace_intoTheModel() {
    // Outer: <Event><EventData>%0</EventData></Event>, %0 = BinXml holding an instance of Data.
    BinXmlWriter w = dataTemplate(EvtxValues.STRING, EvtxValues.NULL);
    int outer = 0x400;
    w.at(outer);
    int def = w.beginTemplate();
    w.fragmentHeader().open("Event", false).closeStart().open("EventData", false).closeStart()
        .substitution(0, EvtxValues.BINXML, false).end().end().eof();
    w.endTemplate(def);
    // The nested value, written where it will sit inside the record's value area.
    int valueStart = RECORD + 4 + 10 + 4 + 4;
    BinXmlWriter inner = new BinXmlWriter(4096, 0);
    System.arraycopy(w.b, 0, inner.b, 0, 4096);
    inner.at(valueStart).fragmentHeader()
        .instance(DEF, new int[] {EvtxValues.STRING, EvtxValues.NULL},
            new byte[][] {utf16("C:\\x.exe"), new byte[0]})
        .eof();
    byte[] nested = java.util.Arrays.copyOfRange(inner.b, valueStart, inner.pos);
    w.at(RECORD).fragmentHeader()
        .instance(outer, new int[] {EvtxValues.BINXML}, new byte[][] {nested}).eof();
    BinXmlDecoder d = new BinXmlDecoder();
    d.startChunk(w.b);
    io.tunnelwatch.winevent.WinEvent.Builder event = io.tunnelwatch.winevent.WinEvent.builder();
    EventSink sink = new EventSink(event);
    d.decodeRecord(RECORD, w.pos, sink);
    assertThat(event.build().data("X")).isEqualTo("C:\\x.exe");
    XmlSink xml = new XmlSink();
    d.decodeRecord(RECORD, w.pos, xml);
    assertThat(xml.xml())
        .isEqualTo("<Event><EventData><Data Name='X'>C:\\x.exe</Data></EventData></Event>");
  }

  @Test
  void templateThatInstantiatesItself_isRejected() {
    BinXmlWriter w = new BinXmlWriter(4096, DEF);
    int def = w.beginTemplate();
    w.fragmentHeader().open("A", false).closeStart()
        .u8(0x0c).u8(1).u32(0).u32(DEF).u32(0).end().eof();
    w.endTemplate(def);
    assertThatThrownBy(() -> xml(w, new int[0], new byte[0][]))
        .isInstanceOf(EvtxException.class).hasMessageContaining("instantiates itself");
  }

  @Test
  void nestedValueInstantiatingTheEnclosingTemplate_isNoCycle() {
    // <E>%0</E>, and %0 holds Binary XML instantiating <E> again, twice over.
    BinXmlWriter w = new BinXmlWriter(4096, DEF);
    int def = w.beginTemplate();
    w.fragmentHeader().open("E", false).closeStart().substitution(0, EvtxValues.BINXML, false)
        .end().eof();
    w.endTemplate(def);
    byte[] value = utf16("x");
    int type = EvtxValues.STRING;
    for (int level = 0; level < 2; level++) {
      BinXmlWriter v = new BinXmlWriter(4096, 0);
      v.fragmentHeader().instance(def, new int[] {type}, new byte[][] {value}).eof();
      value = java.util.Arrays.copyOf(v.b, v.pos);
      type = EvtxValues.BINXML;
    }
    assertThat(xml(w, new int[] {type}, new byte[][] {value})).isEqualTo("<E><E><E>x</E></E></E>");
  }

  @Test
  void substitutionIndexOutOfRange_isRejectedWithThePosition() {
    BinXmlWriter w = dataTemplate(EvtxValues.STRING, EvtxValues.NULL);
    assertThatThrownBy(() -> xml(w, new int[] {EvtxValues.STRING}, new byte[][] {utf16("v")}))
        .isInstanceOf(EvtxException.class)
        .hasMessageContaining("substitution index")
        .hasMessageContaining("chunk offset 0x")
        .hasMessageNotContaining("v'");
  }

  @Test
  void characterAndEntityReferences_areText() {
    BinXmlWriter w = new BinXmlWriter(4096, DEF);
    int def = w.beginTemplate();
    w.fragmentHeader().open("Data", false).closeStart().text("a").u8(0x08).u16('<')
        .u8(0x09).name("amp").u8(0x07).u16(2).utf16("b>").end().eof();
    w.endTemplate(def);
    assertThat(xml(w, new int[0], new byte[0][])).isEqualTo("<Data>a&lt;&amp;b&gt;</Data>");
  }

  @Test
  void exponentialTemplateExpansion_stopsAtTheBudget_quickly() {
    // T(i) = <a>T(i+1) T(i+1)</a>, 30 levels: 2^30 elements if nothing stopped it.
    BinXmlWriter w = new BinXmlWriter(BinXmlDecoder.CHUNK_SIZE, 0x100);
    int levels = 30;
    int[] defs = new int[levels + 1];
    int at = 0x100;
    for (int i = levels; i >= 0; i--) {
      w.at(at);
      int d = w.beginTemplate();
      w.fragmentHeader().open("a", false).closeStart();
      if (i < levels) {
        for (int k = 0; k < 2; k++) {
          w.u8(0x0c).u8(1).u32(0).u32(defs[i + 1]).u32(0);
        }
      }
      w.end().eof();
      w.endTemplate(d);
      defs[i] = d;
      at = w.pos + 8;
    }
    int record = at;
    w.at(record).fragmentHeader().u8(0x0c).u8(1).u32(0).u32(defs[0]).u32(0).eof();
    BinXmlDecoder d = new BinXmlDecoder();
    d.startChunk(w.b);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> d.decodeRecord(record, w.pos, new XmlSink()))
        .isInstanceOf(EvtxException.class).hasMessageContaining("work budget");
    assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
  }

  @Test
  void deepNesting_isCapped_withoutStackOverflow() {
    BinXmlWriter w = new BinXmlWriter(BinXmlDecoder.CHUNK_SIZE, 0x1000);
    int def = w.beginTemplate();
    w.fragmentHeader();
    for (int i = 0; i < 3000; i++) {
      w.u8(0x01).u16(0xffff).u32(0).u32(0x10).u8(0x02); // all share the name at 0x10
    }
    w.eof();
    w.endTemplate(def);
    w.at(0x10).u32(0).u16(0).u16(1).utf16("x").u16(0);
    int record = 0xc000;
    w.at(record).fragmentHeader().instance(def, new int[0], new byte[0][]).eof();
    BinXmlDecoder d = new BinXmlDecoder();
    d.startChunk(w.b);
    assertThatThrownBy(() -> d.decodeRecord(record, w.pos, new XmlSink()))
        .isInstanceOf(EvtxException.class).hasMessageContaining("nesting deeper than");
  }
}
