// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each value type renders as Windows renders it in XML (DESIGN.md section 4). */
final class EvtxValuesTest {
  private static byte[] le(int size, long v) {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
    byte[] out = new byte[size];
    System.arraycopy(b.array(), 0, out, 0, size);
    return out;
  }

  private static String render(byte[] v, int type) {
    return String.valueOf(EvtxValues.render(v, 0, v.length, type));
  }

  @Test
  void hexInt_isLowerCaseWithoutPadding() {
    assertThat(render(le(4, 0xf50), EvtxValues.HEX_INT32)).isEqualTo("0xf50");
    assertThat(render(le(4, 0), EvtxValues.HEX_INT32)).isEqualTo("0x0");
    assertThat(render(le(4, 0xffffffffL), EvtxValues.HEX_INT32)).isEqualTo("0xffffffff");
    assertThat(render(le(8, 0x3e7), EvtxValues.HEX_INT64)).isEqualTo("0x3e7");
    assertThat(render(le(8, 0x8020000000000000L), EvtxValues.HEX_INT64))
        .isEqualTo("0x8020000000000000");
  }

  @Test
  void sizeT_isHexIntBySize() {
    // 4688 NewProcessId: declared size_t, stored as 4 or 8 bytes.
    assertThat(render(le(4, 0x1a2c), EvtxValues.SIZE_T)).isEqualTo("0x1a2c");
    assertThat(render(le(8, 0x1a2c), EvtxValues.SIZE_T)).isEqualTo("0x1a2c");
    assertThatThrownBy(() -> render(le(2, 1), EvtxValues.SIZE_T))
        .isInstanceOf(EvtxException.class).hasMessageContaining("size_t");
  }

  @Test
  void integers_areDecimal_unsignedWhereUnsigned() {
    assertThat(render(new byte[] {(byte) 0xff}, EvtxValues.INT8)).isEqualTo("-1");
    assertThat(render(new byte[] {(byte) 0xff}, EvtxValues.UINT8)).isEqualTo("255");
    assertThat(render(le(2, 0xffff), EvtxValues.INT16)).isEqualTo("-1");
    assertThat(render(le(2, 4688), EvtxValues.UINT16)).isEqualTo("4688");
    assertThat(render(le(4, 0xffffffffL), EvtxValues.UINT32)).isEqualTo("4294967295");
    assertThat(render(le(4, 0xffffffffL), EvtxValues.INT32)).isEqualTo("-1");
    assertThat(render(le(8, -1), EvtxValues.UINT64)).isEqualTo("18446744073709551615");
    assertThat(render(le(8, -1), EvtxValues.INT64)).isEqualTo("-1");
    assertThat(render(le(4, 1), EvtxValues.BOOL)).isEqualTo("true");
    assertThat(render(le(4, 0), EvtxValues.BOOL)).isEqualTo("false");
    assertThat(render(le(4, Float.floatToIntBits(1.5f)), EvtxValues.REAL32)).isEqualTo("1.5");
  }

  @Test
  void guid_isUpperCaseInBraces_firstGroupsLittleEndian() {
    byte[] g = {0x25, (byte) 0x96, (byte) 0x84, 0x54, 0x78, 0x54, (byte) 0x94, 0x49,
        (byte) 0xa5, (byte) 0xba, 0x3e, 0x3b, 0x03, 0x28, (byte) 0xc3, 0x0d};
    assertThat(render(g, EvtxValues.GUID)).isEqualTo("{54849625-5478-4994-A5BA-3E3B0328C30D}");
  }

  @Test
  void sid_isNumeric() {
    byte[] system = {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0};
    assertThat(render(system, EvtxValues.SID)).isEqualTo("S-1-5-18");
    ByteBuffer user = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    user.put(new byte[] {1, 5, 0, 0, 0, 0, 0, 5}).putInt(21).putInt((int) 3463664321L)
        .putInt((int) 2923530833L).putInt((int) 3546627382L).putInt(1000);
    assertThat(render(user.array(), EvtxValues.SID))
        .isEqualTo("S-1-5-21-3463664321-2923530833-3546627382-1000");
    byte[] label = {1, 1, 0, 0, 0, 0, 0, 16, 0, 0x30, 0, 0};
    assertThat(render(label, EvtxValues.SID)).isEqualTo("S-1-16-12288");
    assertThatThrownBy(() -> render(new byte[] {1, 3, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0},
        EvtxValues.SID)).isInstanceOf(EvtxException.class);
  }

  @Test
  void filetime_isUtcWithSevenDigits() {
    assertThat(render(le(8, 132671098393430374L), EvtxValues.FILETIME))
        .isEqualTo("2021-06-02T12:17:19.3430374Z");
    assertThat(render(le(8, 0), EvtxValues.FILETIME)).isEqualTo("1601-01-01T00:00:00.0000000Z");
    assertThat(EvtxValues.instant(132671098393430374L))
        .isEqualTo(Instant.parse("2021-06-02T12:17:19.3430374Z"));
    // The largest FILETIME (unsigned) does not overflow.
    assertThat(render(le(8, -1), EvtxValues.FILETIME)).startsWith("60056-05-28T05:36:10.");
  }

  @Test
  void systemtime_isUtcWithSevenDigits() {
    ByteBuffer t = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    t.putShort((short) 2024).putShort((short) 4).putShort((short) 2).putShort((short) 23)
        .putShort((short) 8).putShort((short) 48).putShort((short) 30).putShort((short) 449);
    assertThat(render(t.array(), EvtxValues.SYSTEMTIME)).isEqualTo("2024-04-23T08:48:30.4490000Z");
  }

  @Test
  void strings_dropTrailingNuls_ansiIsWindows1252() {
    assertThat(render("cmd.exe\0".getBytes(java.nio.charset.StandardCharsets.UTF_16LE),
        EvtxValues.STRING)).isEqualTo("cmd.exe");
    assertThat(render(new byte[] {'a', (byte) 0x80, (byte) 0xae, 0}, EvtxValues.ANSI_STRING))
        .isEqualTo("a\u20ac\u00ae");
    assertThat(render(new byte[] {0x0a, (byte) 0xff}, EvtxValues.BINARY)).isEqualTo("0AFF");
  }

  @Test
  void wrongSizeForAFixedType_isTyped() {
    assertThatThrownBy(() -> render(le(2, 1), EvtxValues.HEX_INT64))
        .isInstanceOf(EvtxException.class).hasMessageContaining("size 2");
  }
}
