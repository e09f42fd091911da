// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.tck.Seeds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.tunnelwatch.winevent.WinEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The chunk prefilter finds every occurrence a naive case-folded search finds, and no more. */
@ExtendWith(Seeds.class)
final class EvtxChunkFilterTest {
  private static final EvtxChunkFilter DEVTUNNEL =
      EvtxChunkFilter.of(List.of("devtunnel.exe", "devtunnel.dll"));

  private static byte[] noise(long seed, int size) {
    Random r = new Random(seed);
    byte[] b = new byte[size];
    // Text-like noise: ASCII letters, NULs and a few high bytes.
    for (int i = 0; i < size; i++) {
      int k = r.nextInt(10);
      b[i] = (byte) (k < 4 ? 0 : k < 9 ? 'a' + r.nextInt(26) - (r.nextBoolean() ? 32 : 0)
          : r.nextInt(256));
    }
    return b;
  }

  private static byte[] plant(byte[] b, int at, byte[] text) {
    System.arraycopy(text, 0, b, at, text.length);
    return b;
  }

  /**
   * The naive oracle: decode at even and odd offsets and as 8-bit text, fold as Java's case
   * mappings do (U+017F and U+0131 fold through {@code equalsIgnoreCase}), search.
   */
  static boolean naive(List<String> names, byte[] b, int off, int len) {
    String even = fold(units(b, off, len));
    String odd = len > 1 ? fold(units(b, off + 1, len - 1)) : "";
    String ansi = new String(b, off, len, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    for (String n : names) {
      String name = n.toLowerCase(Locale.ROOT);
      if (even.contains(name) || odd.contains(name) || ansi.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** UTF-16LE units as chars, unpaired surrogates kept (a decoder would swallow a neighbour). */
  private static String units(byte[] b, int off, int len) {
    char[] c = new char[len / 2];
    for (int i = 0; i < c.length; i++) {
      c[i] = (char) ((b[off + 2 * i] & 0xff) | (b[off + 2 * i + 1] & 0xff) << 8);
    }
    return new String(c);
  }

  private static String fold(String s) {
    return s.replace('\u017f', 's').replace('\u0131', 'i').replace('\u0130', 'i')
        .toLowerCase(Locale.ROOT);
  }

  @Test
  void utf16AtEveryOffset_anyCase_isFound() {
    byte[] name = "DevTunnel.EXE".getBytes(StandardCharsets.UTF_16LE);
    for (int at = 0; at + name.length <= 200; at++) {
      byte[] b = plant(new byte[200], at, name);
      assertThat(DEVTUNNEL.mayContain(b, 0, b.length)).as("offset %d", at).isTrue();
    }
    byte[] b = plant(noise(1, 65_536), 12_345, name);
    assertThat(DEVTUNNEL.mayContain(b, 0, b.length)).isTrue();
    assertThat(DEVTUNNEL.mayContain(b, 0, 12_345 + name.length - 1)).isFalse();
    assertThat(DEVTUNNEL.mayContain(b, 12_346, b.length - 12_346)).isFalse();
  }

  @Test
  void ansi_anyCase_isFound() {
    byte[] b = plant(noise(2, 65_536), 777, "C:\\Tools\\DEVTUNNEL.dll".getBytes(
        StandardCharsets.ISO_8859_1));
    assertThat(DEVTUNNEL.mayContain(b, 0, b.length)).isTrue();
  }

  @Test
  void kelvinAndLongS_foldLikeToLowerCase() {
    EvtxChunkFilter f = EvtxChunkFilter.of(List.of("schtasks.exe"));
    String folded = "\u017fchta\u017f\u212a\u017f.exe";
    assertThat(folded.equalsIgnoreCase("schtasks.exe")).isTrue();
    assertThat("\u212a".toLowerCase(Locale.ROOT)).isEqualTo("k");
    byte[] b = plant(noise(3, 4096), 1001, folded.getBytes(StandardCharsets.UTF_16LE));
    assertThat(f.mayContain(b, 0, b.length)).isTrue();
    EvtxChunkFilter k = EvtxChunkFilter.of(List.of("kk"));
    assertThat(k.mayContain("x\u212aK".getBytes(StandardCharsets.UTF_16LE), 0, 6)).isTrue();
    // U+0130 lower-cases to "i" + U+0307; U+0131 equals "i" ignoring case.
    EvtxChunkFilter wmi = EvtxChunkFilter.of(List.of("wmi"));
    assertThat("WM\u0130".toLowerCase(Locale.ROOT)).contains("wmi");
    assertThat(wmi.mayContain("WM\u0130".getBytes(StandardCharsets.UTF_16LE), 0, 6)).isTrue();
    assertThat(wmi.mayContain("WM\u0131".getBytes(StandardCharsets.UTF_16LE), 0, 6)).isTrue();
  }

  @Test
  void nearMisses_areNotFound() {
    for (String miss : List.of("devtunnel.ex", "devtunnel-exe", "devtunne1.exe", "d\0evtunnel.exe",
        "devtunnel.\u0130xe")) {
      byte[] b = new byte[1000];
      plant(b, 11, miss.getBytes(StandardCharsets.UTF_16LE));
      plant(b, 500, miss.getBytes(StandardCharsets.ISO_8859_1));
      assertThat(DEVTUNNEL.mayContain(b, 0, b.length)).as(miss).isFalse();
      assertThat(naive(DEVTUNNEL.names(), b, 0, b.length)).as(miss).isFalse();
    }
  }

  @Test
  void badNames_areRefusedByName() {
    assertThatThrownBy(() -> EvtxChunkFilter.of(List.of())).hasMessageContaining("empty");
    assertThatThrownBy(() -> EvtxChunkFilter.of(List.of("d\u00e9v.exe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
  }

  @Test
  void randomPlantings_agreeWithNaive() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    List<String> names = List.of("devtunnel.exe", "cmd.exe", "ks", "wmi");
    EvtxChunkFilter f = EvtxChunkFilter.of(names);
    int found = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] b = noise(r.nextLong(), 64 + r.nextInt(400));
      if (r.nextBoolean()) {
        String n = names.get(r.nextInt(names.size()));
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < n.length(); j++) {
          s.append(r.nextBoolean() ? Character.toUpperCase(n.charAt(j)) : n.charAt(j));
        }
        byte[] t = s.toString().getBytes(r.nextBoolean() ? StandardCharsets.UTF_16LE
            : StandardCharsets.ISO_8859_1);
        plant(b, r.nextInt(b.length - t.length), t);
      }
      int off = r.nextInt(8);
      int len = b.length - off - r.nextInt(8);
      boolean want = naive(names, b, off, len);
      assertThat(f.mayContain(b, off, len)).as("seed %d case %d", seed, i).isEqualTo(want);
      found += want ? 1 : 0;
    }
    assertThat(found).as("seed %d: not vacuous", seed).isGreaterThan(500);
  }

  @Test
  void everyCorpusChunk_agreesWithNaive() throws IOException {
    Path root = EvtxCorpus.requireRoot();
    List<List<String>> nameSets = List.of(
        List.of("devtunnel.exe", "devtunnel.dll"),
        List.of("cmd.exe"),
        List.of("powershell.exe", "svchost.exe"),
        List.of("schtasks"),
        List.of("s-1-5-18"),
        List.of("microsoft-windows-sysmon"),
        List.of("kerberos", "mimikatz", "psexesvc"));
    List<EvtxChunkFilter> filters = nameSets.stream().map(EvtxChunkFilter::of).toList();
    byte[] chunk = new byte[EvtxReader.CHUNK_SIZE];
    int chunks = 0;
    int hits = 0;
    for (String file : EvtxCorpus.evtxFiles(root)) {
      try (InputStream in = Files.newInputStream(root.resolve("evtx").resolve(file))) {
        in.readNBytes(EvtxReader.HEADER_SIZE);
        while (in.readNBytes(chunk, 0, chunk.length) == chunk.length) {
          chunks++;
          for (int i = 0; i < filters.size(); i++) {
            boolean want = naive(nameSets.get(i), chunk, 0, chunk.length);
            assertThat(filters.get(i).mayContain(chunk, 0, chunk.length))
                .as("%s chunk %d names %s", file, chunks, nameSets.get(i)).isEqualTo(want);
            hits += want ? 1 : 0;
          }
        }
      }
    }
    assertThat(chunks).isGreaterThan(90);
    assertThat(hits).as("not vacuous").isGreaterThan(100);
  }

  @Test
  void prefilter_neverLosesAnEventWhoseDataMentionsAName() throws IOException {
    Path root = EvtxCorpus.requireRoot();
    List<String> names = List.of("cmd.exe", "powershell.exe", "whoami", "rundll32", "lsass");
    EvtxChunkFilter filter = EvtxChunkFilter.of(names);
    int mentioning = 0;
    int skipped = 0;
    for (String file : EvtxCorpus.evtxFiles(root)) {
      Path path = root.resolve("evtx").resolve(file);
      List<String> all = new ArrayList<>();
      List<String> kept = new ArrayList<>();
      int[] declined = new int[1];
      try (InputStream in = Files.newInputStream(path)) {
        new EvtxReader().read(in, (c, id, t, e) -> {
          if (mentions(e, names)) {
            all.add(id + "");
          }
        });
      }
      try (InputStream in = Files.newInputStream(path)) {
        new EvtxReader().read(in, new EvtxListener() {
          @Override
          public boolean chunk(int chunkIndex, long first, long last, byte[] chunk) {
            boolean may = filter.mayContain(chunk, 0, chunk.length);
            declined[0] += may ? 0 : 1;
            return may;
          }

          @Override
          public void record(int chunkIndex, long recordId, Instant t, WinEvent e) {
            if (mentions(e, names)) {
              kept.add(recordId + "");
            }
          }
        });
      }
      assertThat(kept).as(file).isEqualTo(all);
      mentioning += all.size();
      skipped += declined[0];
    }
    assertThat(mentioning).as("not vacuous").isGreaterThan(100);
    assertThat(skipped).as("the filter skips something").isGreaterThan(0);
  }

  private static boolean mentions(WinEvent e, List<String> names) {
    for (int i = 0; i < e.dataCount(); i++) {
      String v = e.dataValue(i).toLowerCase(Locale.ROOT);
      for (String n : names) {
        if (v.contains(n)) {
          return true;
        }
      }
    }
    return false;
  }
}
