package io.tunnelwatch.core.tck;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Random corruptions of a real line for property tests: byte flips, cuts, deletions, duplications,
 * and insertions of XML and JSON syntax and of invalid UTF-8. Deterministic for a given
 * {@link Random}.
 */
public final class Corruption {
  private static final byte[][] TOKENS = {
    bytes("<"), bytes(">"), bytes("&"), bytes("&amp;"), bytes("&#0;"), bytes("&#x110000;"), bytes("&lol;"),
    bytes("'"), bytes("\""), bytes("</Data>"), bytes("<Data Name='Image'>"), bytes("<![CDATA["), bytes("]]>"),
    bytes("<!--"), bytes("<!DOCTYPE Event [<!ENTITY lol 'lol'>]>"), bytes("<?xml version='1.0'?>"),
    bytes("{"), bytes("}"), bytes("\\u0000"), bytes("\\"), bytes(":"), bytes(","), bytes("\t"), bytes("\r"),
    {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0},
  };

  private Corruption() {}

  /** {@code line} with one to four random corruptions applied; {@code line} itself is not changed. */
  public static byte[] apply(byte[] line, Random random) {
    byte[] b = line.clone();
    int n = 1 + random.nextInt(4);
    for (int k = 0; k < n && b.length > 0; k++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(6)) {
        case 0 -> b[at] = (byte) random.nextInt(256);
        case 1 -> b = Arrays.copyOf(b, at);
        case 2 -> b = splice(b, at, Math.min(b.length, at + 1 + random.nextInt(40)), new byte[0]);
        case 3 -> b = splice(b, at, at, TOKENS[random.nextInt(TOKENS.length)]);
        case 4 -> b = splice(b, at, at, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + random.nextInt(60))));
        default -> b = splice(b, at, Math.min(b.length, at + 1), TOKENS[random.nextInt(TOKENS.length)]);
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
