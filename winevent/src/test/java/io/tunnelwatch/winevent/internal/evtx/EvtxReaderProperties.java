// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tunnelwatch.core.tck.Seeds;
import io.tunnelwatch.winevent.WinEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Laws of the reader on damaged input, from real files mutated at seeded random positions (the
 * seed is in every failure message; rerun with {@code -Dtunnelwatch.seed=N}): it throws nothing but
 * {@link EvtxException}, and that only for a damaged file header; it finishes within a bound per
 * case; and every record of every chunk the damage did not touch is read exactly as from the clean
 * file.
 */
@ExtendWith(Seeds.class)
final class EvtxReaderProperties {
  private static final Duration PER_CASE = Duration.ofSeconds(10);
  private static final List<String> FILES = List.of(
      "EVTX-ATTACK-SAMPLES/AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx",
      "EVTX-to-MITRE-Attack/TA0005-Defense Evasion/T1027-Obfuscated Files or Information/"
          + "ID4688-Obfuscated payload transfer via service name - Tchopper.evtx",
      "DeepBlueCLI/psattack-security.evtx",
      "EVTX-ATTACK-SAMPLES/Command and Control/DE_RDP_Tunnel_5156.evtx");

  /** What a read saw, by chunk: each record as "id written values". */
  private static final class Outcome implements EvtxListener {
    final Map<Integer, List<String>> byChunk = new HashMap<>();
    int rejected;
    int problems;

    @Override
    public void record(int chunkIndex, long recordId, Instant writtenTime, WinEvent e) {
      StringBuilder s = new StringBuilder().append(recordId).append(' ').append(writtenTime)
          .append(' ').append(e.provider()).append('|').append(e.eventId()).append('|')
          .append(e.version()).append('|').append(e.systemTime()).append('|')
          .append(e.computer()).append('|').append(e.userId());
      for (int i = 0; i < e.dataCount(); i++) {
        s.append('|').append(e.dataName(i)).append('=').append(e.dataValue(i));
      }
      byChunk.computeIfAbsent(chunkIndex, k -> new ArrayList<>()).add(s.toString());
    }

    @Override
    public void rejected(int chunkIndex, long recordId, String reason) {
      rejected++;
      assertThat(reason).isNotBlank();
    }

    @Override
    public void problem(int chunkIndex, String problem) {
      problems++;
    }

    @Override
    public void headerProblem(String problem) {
      problems++;
    }
  }

  private static long seed() {
    return Seeds.take();
  }

  private static byte[] load(Path root, String file) {
    try {
      return Files.readAllBytes(root.resolve("evtx").resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code file}; null when the reader threw its typed exception. */
  private static Outcome read(byte[] file, String what) {
    return assertTimeoutPreemptively(PER_CASE, () -> {
      Outcome o = new Outcome();
      try {
        new EvtxReader().read(new ByteArrayInputStream(file), o);
      } catch (EvtxException e) {
        o.rejected = -1;
      } catch (RuntimeException | Error e) {
        throw new AssertionError(what + ": threw " + e, e);
      }
      return o;
    }, what + ": took longer than " + PER_CASE);
  }

  private static int chunkOf(int fileOffset) {
    return fileOffset < EvtxReader.HEADER_SIZE ? -1
        : (fileOffset - EvtxReader.HEADER_SIZE) / EvtxReader.CHUNK_SIZE;
  }

  @Test
  void byteFlips_rejectTypedOnly_andSpareUntouchedChunks() {
    Path root = EvtxCorpus.requireRoot();
    List<byte[]> files = new ArrayList<>();
    for (String file : FILES) {
      files.add(load(root, file));
    }
    flips(files, FILES, 60, 150, 10_000);
  }

  @Test
  void byteFlips_onSyntheticFiles_withoutTheCorpus() {
    EvtxFileWriter w = new EvtxFileWriter();
    long id = 1;
    for (int c = 0; c < 6; c++) {
      w.chunk(id, 40 + 20 * c);
      id += 40 + 20 * c;
    }
    // Synthetic chunks are mostly slack (unchecked by any checksum): fewer flips are noticed.
    flips(List.of(w.bytes()), List.of("synthetic"), 200, 80, 20_000);
  }

  private static void flips(List<byte[]> files, List<String> names, int cases, int minDamaged,
      int minCompared) {
    long seed = seed();
    Random r = new Random(seed);
    int damaged = 0;
    int compared = 0;
    for (int f = 0; f < files.size(); f++) {
      String file = names.get(f);
      byte[] clean = files.get(f);
      Outcome base = read(clean, file);
      for (int c = 0; c < cases; c++) {
        byte[] b = clean.clone();
        Set<Integer> touched = new HashSet<>();
        boolean header = false;
        int flips = 1 + r.nextInt(r.nextBoolean() ? 3 : 40);
        // Most flips inside used chunks, where records are.
        int used = EvtxReader.HEADER_SIZE + base.byChunk.size() * EvtxReader.CHUNK_SIZE;
        for (int i = 0; i < flips; i++) {
          int at = r.nextInt(10) == 0 ? r.nextInt(b.length) : r.nextInt(Math.min(used, b.length));
          b[at] ^= (byte) (1 + r.nextInt(255));
          touched.add(chunkOf(at));
          header |= at < EvtxReader.HEADER_SIZE;
        }
        String what = "seed " + seed + " " + file + " case " + c;
        Outcome o = read(b, what);
        if (o.rejected == -1) {
          assertThat(header).as(what + ": typed exception without header damage").isTrue();
          continue;
        }
        damaged += o.rejected + o.problems > 0 ? 1 : 0;
        compared += spared(base, o, touched, what);
      }
    }
    assertThat(damaged).as("seed %d: damage detected in enough cases", seed)
        .isGreaterThan(minDamaged);
    assertThat(compared).as("seed %d: untouched records compared", seed)
        .isGreaterThan(minCompared);
  }

  /** Every record of each untouched chunk equals the clean read's; returns how many. */
  private static int spared(Outcome base, Outcome o, Set<Integer> touched, String what) {
    int n = 0;
    for (Map.Entry<Integer, List<String>> e : base.byChunk.entrySet()) {
      if (!touched.contains(e.getKey())) {
        assertThat(o.byChunk.get(e.getKey())).as(what + " chunk " + e.getKey())
            .isEqualTo(e.getValue());
        n += e.getValue().size();
      }
    }
    return n;
  }

  @Test
  void truncation_rejectsThePartialChunk_andKeepsTheRest() {
    Path root = EvtxCorpus.requireRoot();
    long seed = seed();
    Random r = new Random(seed);
    for (String file : FILES) {
      byte[] clean = load(root, file);
      Outcome base = read(clean, file);
      for (int c = 0; c < 25; c++) {
        int len = r.nextInt(8) == 0 ? r.nextInt(EvtxReader.HEADER_SIZE + 10) : r.nextInt(clean.length);
        byte[] b = java.util.Arrays.copyOf(clean, len);
        String what = "seed " + seed + " " + file + " cut at " + len;
        Outcome o = read(b, what);
        if (len < EvtxReader.HEADER_SIZE) {
          assertThat(o.rejected).as(what).isEqualTo(-1);
          continue;
        }
        int whole = (len - EvtxReader.HEADER_SIZE) / EvtxReader.CHUNK_SIZE;
        Set<Integer> touched = new HashSet<>();
        for (int i = whole; i < 64; i++) {
          touched.add(i);
        }
        spared(base, o, touched, what);
        for (int i = whole; i < 64; i++) {
          assertThat(o.byChunk).as(what).doesNotContainKey(i);
        }
        boolean partial = (len - EvtxReader.HEADER_SIZE) % EvtxReader.CHUNK_SIZE != 0;
        assertThat(o.rejected).as(what).isEqualTo(partial ? 1 : 0);
      }
    }
  }

  @Test
  void splicedChunksAndCutRecords_spareWholeChunks() {
    Path root = EvtxCorpus.requireRoot();
    long seed = seed();
    Random r = new Random(seed);
    List<byte[]> files = new ArrayList<>();
    List<Outcome> bases = new ArrayList<>();
    for (String file : FILES) {
      byte[] b = load(root, file);
      files.add(b);
      bases.add(read(b, file));
    }
    int cut = 0;
    for (int c = 0; c < 60; c++) {
      int chunks = 1 + r.nextInt(6);
      byte[] out = new byte[EvtxReader.HEADER_SIZE + chunks * EvtxReader.CHUNK_SIZE];
      System.arraycopy(files.get(r.nextInt(files.size())), 0, out, 0, EvtxReader.HEADER_SIZE);
      Map<Integer, List<String>> expected = new HashMap<>();
      for (int i = 0; i < chunks; i++) {
        int f = r.nextInt(files.size());
        int from = r.nextInt(bases.get(f).byChunk.size());
        int dst = EvtxReader.HEADER_SIZE + i * EvtxReader.CHUNK_SIZE;
        System.arraycopy(files.get(f), EvtxReader.HEADER_SIZE + from * EvtxReader.CHUNK_SIZE,
            out, dst, EvtxReader.CHUNK_SIZE);
        if (r.nextInt(3) == 0) {
          // Cut: overwrite a random run with bytes from elsewhere (records cut mid-way).
          int g = r.nextInt(files.size());
          int len = 1 + r.nextInt(4096);
          int src = EvtxReader.HEADER_SIZE + r.nextInt(files.get(g).length
              - EvtxReader.HEADER_SIZE - len);
          System.arraycopy(files.get(g), src, out, dst + 512 + r.nextInt(60_000), len);
          cut++;
        } else {
          expected.put(i, bases.get(f).byChunk.get(from));
        }
      }
      String what = "seed " + seed + " splice case " + c;
      Outcome o = read(out, what);
      for (Map.Entry<Integer, List<String>> e : expected.entrySet()) {
        assertThat(o.byChunk.get(e.getKey())).as(what + " chunk " + e.getKey())
            .isEqualTo(e.getValue());
      }
    }
    assertThat(cut).as("seed %d: not vacuous", seed).isGreaterThan(10);
  }

  @Test
  void randomChunkBodies_finishWithTypedOutcomes() {
    Path root = EvtxCorpus.requireRoot();
    long seed = seed();
    Random r = new Random(seed);
    byte[] real = load(root, FILES.get(2));
    for (int c = 0; c < 30; c++) {
      byte[] b = java.util.Arrays.copyOf(real, EvtxReader.HEADER_SIZE + EvtxReader.CHUNK_SIZE);
      // Keep the chunk header and the first records, randomise the rest in text-like bytes.
      int from = 512 + r.nextInt(8000);
      for (int i = from; i < b.length; i++) {
        b[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(16) : r.nextInt(256));
      }
      Outcome o = read(b, "seed " + seed + " random body case " + c);
      if (o.rejected == -1) {
        fail("seed " + seed + ": typed exception without header damage");
      }
    }
  }
}
