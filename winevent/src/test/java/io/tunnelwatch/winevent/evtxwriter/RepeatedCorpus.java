// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test tooling: builds a large valid {@code .evtx} file for benchmarks by repeating the 64 KiB
 * chunks of real {@code .evtx} files, with chunks written by {@link EvtxWriter} holding known
 * positives (devtunnel executions) interleaved at about one record in a thousand.
 *
 * <p>Copied chunks keep their bytes (templates and names are chunk-relative, so they stay
 * valid); only the record identifiers, the chunk's first/last record numbers and identifiers,
 * each event's {@code EventRecordID} (when it uses Windows' standard System template) and both
 * chunk checksums are rewritten, so the file counts its records 1, 2, ... without gaps. The
 * positives keep their own {@code EventRecordID}s. A source chunk is used only when both its
 * checksums hold. The file is streamed to disk chunk by chunk; the header is written last. Not
 * thread-safe.
 *
 * <pre>{@code
 * RepeatedCorpus.Summary s = RepeatedCorpus.builder()
 *     .targetBytes(1L << 30)
 *     .addSource(Path.of("../shared/corpus/evtx"))
 *     .positives(devtunnelXmlEvents)
 *     .write(Path.of("target/big.evtx"));
 * }</pre>
 *
 * <p>From the command line, in the repository after {@code mvn -o -pl winevent -am test-compile}
 * (the positives are read from the nearest {@code examples/data} above the working directory):
 *
 * <pre>
 * java -cp winevent/target/test-classes io.tunnelwatch.winevent.evtxwriter.RepeatedCorpus \
 *     /tmp/big.evtx 1073741824 ../shared/corpus/evtx
 * # or, where the exec plugin resolves (it does not offline on the build machine):
 * mvn -q -pl winevent org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.tunnelwatch.winevent.evtxwriter.RepeatedCorpus \
 *     -Dexec.args="/tmp/big.evtx 1073741824 ../shared/corpus/evtx"
 * </pre>
 *
 * <p>Measured: 1 GiB (16384 chunks, 618,565 records, 620 positives) from the 23 files of
 * {@code shared/corpus/evtx} in 9 s with {@code -Xmx64m}.
 */
public final class RepeatedCorpus {
  /** Chunks a file header can count (its chunk count is 16 bits). */
  static final int MAX_CHUNKS = 0xffff;
  static final long MAX_BYTES = EvtxWriter.FILE_HEADER_SIZE + (long) MAX_CHUNKS * ChunkBuilder.CHUNK_SIZE;

  private long targetBytes = 1L << 30;
  private final List<Path> sources = new ArrayList<>();
  private List<String> positives = List.of();
  private double positiveRate = 0.001;

  /**
   * What was written.
   *
   * @param bytes the file size
   * @param chunks the number of chunks
   * @param records the number of records (identifiers 1 to {@code records})
   * @param positiveRecords how many of them are the positives
   */
  public record Summary(long bytes, int chunks, long records, long positiveRecords) {}

  private RepeatedCorpus() {}

  /** A builder for a 1 GiB file without positives; add at least one source. */
  public static RepeatedCorpus builder() {
    return new RepeatedCorpus();
  }

  /** The size to reach: whole chunks are added until the file is at least this large. */
  public RepeatedCorpus targetBytes(long targetBytes) {
    if (targetBytes < 1 || targetBytes > MAX_BYTES) {
      throw new IllegalArgumentException("targetBytes must be in 1.." + MAX_BYTES + " but was " + targetBytes);
    }
    this.targetBytes = targetBytes;
    return this;
  }

  /** An {@code .evtx} file, or a directory searched recursively for {@code *.evtx}, to repeat. */
  public RepeatedCorpus addSource(Path evtxFileOrDirectory) {
    if (!Files.exists(evtxFileOrDirectory)) {
      throw new IllegalArgumentException("source does not exist: " + evtxFileOrDirectory);
    }
    sources.add(evtxFileOrDirectory);
    return this;
  }

  /** The events (Windows XML) written again and again as the positives; empty for none. */
  public RepeatedCorpus positives(List<String> xmlEvents) {
    xmlEvents.forEach(EventXml::parse); // fail now, naming the problem, not in the middle of a write
    this.positives = List.copyOf(xmlEvents);
    return this;
  }

  /** The share of records that are positives, about; 0.001 unless set. */
  public RepeatedCorpus positiveRate(double positiveRate) {
    if (!(positiveRate >= 0 && positiveRate < 1)) {
      throw new IllegalArgumentException("positiveRate must be in [0, 1) but was " + positiveRate);
    }
    this.positiveRate = positiveRate;
    return this;
  }

  /**
   * Writes the file, replacing it.
   *
   * @throws IllegalArgumentException if the sources hold no valid chunk
   * @throws UncheckedIOException if a file cannot be read or written
   */
  public Summary write(Path out) {
    List<Path> files = sourceFiles();
    try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      Writer writer = new Writer(channel);
      channel.position(EvtxWriter.FILE_HEADER_SIZE);
      while (writer.bytes() < targetBytes) {
        int before = writer.chunks;
        for (Path file : files) {
          copyChunks(file, writer);
          if (writer.bytes() >= targetBytes) {
            break;
          }
        }
        if (writer.chunks == before) {
          throw new IllegalArgumentException("no valid chunk with records in " + sources);
        }
      }
      channel.write(ByteBuffer.wrap(EvtxWriter.fileHeader(1, writer.chunks, writer.records + 1, 0)), 0);
      return new Summary(writer.bytes(), writer.chunks, writer.records, writer.positiveRecords);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }

  /** Writes {@code out-path size-bytes source-dir...} with the devtunnel positives of examples/data. */
  public static void main(String[] args) {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: RepeatedCorpus out-path size-bytes source-dir...");
    }
    RepeatedCorpus corpus =
        builder().targetBytes(Long.parseLong(args[1])).positives(SampleFiles.devtunnelPositives(SampleFiles.examplesData()));
    Arrays.stream(args, 2, args.length).map(Path::of).forEach(corpus::addSource);
    Summary summary = corpus.write(Path.of(args[0]));
    System.out.println(args[0] + ": " + summary);
  }

  private List<Path> sourceFiles() {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no source: add an .evtx file or directory");
    }
    List<Path> files = new ArrayList<>();
    for (Path source : sources) {
      try (Stream<Path> walk = Files.walk(source)) {
        walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".evtx")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + source, e);
      }
    }
    return files;
  }

  private void copyChunks(Path file, Writer writer) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      byte[] chunk = new byte[ChunkBuilder.CHUNK_SIZE];
      for (long at = EvtxWriter.FILE_HEADER_SIZE; at + chunk.length <= in.size(); at += chunk.length) {
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        while (buffer.hasRemaining() && in.read(buffer, at + buffer.position()) > 0) {
          // read the whole chunk
        }
        if (writer.bytes() >= targetBytes) {
          return;
        }
        if (renumber(chunk, writer.records + 1)) {
          writer.chunk(chunk, countRecords(chunk));
          if (!positives.isEmpty() && writer.positiveRecords < positiveRate * writer.records) {
            writePositives(writer);
          }
        }
      }
    }
  }

  private void writePositives(Writer writer) throws IOException {
    List<EvtxEvent> events = new ArrayList<>();
    for (String xml : positives) {
      events.add(EvtxEvent.of(xml, writer.records + events.size() + 1));
    }
    long first = writer.records + 1;
    for (byte[] chunk : EvtxWriter.chunks(events, first)) {
      int records = countRecords(chunk);
      writer.chunk(chunk, records);
      writer.positiveRecords += records;
    }
  }

  /**
   * Renumbers a copied chunk's records from {@code firstId} and reseals it; false, leaving it
   * unusable, when it is not a chunk with records whose checksums hold.
   */
  static boolean renumber(byte[] chunk, long firstId) {
    ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    int free = b.getInt(48);
    if (!Arrays.equals(chunk, 0, 8, ChunkBuilder.MAGIC, 0, 8)
        || free <= ChunkBuilder.HEADER_SIZE
        || free > chunk.length
        || b.getInt(124) != ChunkBuilder.crc32(chunk, List.of(new int[] {0, 120}, new int[] {128, ChunkBuilder.HEADER_SIZE}))
        || b.getInt(52) != ChunkBuilder.crc32(chunk, List.of(new int[] {ChunkBuilder.HEADER_SIZE, free}))) {
      return false;
    }
    long id = firstId;
    int at = ChunkBuilder.HEADER_SIZE;
    while (at + 28 <= free && b.getInt(at) == 0x2a2a) {
      int size = b.getInt(at + 4);
      if (size < 28 || size > free - at) {
        return false;
      }
      b.putLong(at + 8, id);
      setEventRecordId(b, at, at + size, id++);
      at += size;
    }
    if (id == firstId) {
      return false;
    }
    b.putLong(8, firstId).putLong(16, id - 1).putLong(24, firstId).putLong(32, id - 1);
    ChunkBuilder.sealChunk(chunk, free);
    return true;
  }

  /**
   * Sets the {@code EventRecordID} inside a record to its new identifier when the record uses the
   * standard System template (substitution 10, a UInt64, as Windows writes it); other records are
   * left as they are.
   */
  private static void setEventRecordId(ByteBuffer chunk, int record, int end, long id) {
    int fragment = record + 24;
    if (fragment + 14 > end || chunk.get(fragment) != 0x0f || chunk.get(fragment + 4) != 0x0c) {
      return;
    }
    int definition = chunk.getInt(fragment + 10);
    int data = fragment + 14;
    if (definition == data) { // defined here: the values follow the definition
      data = definition + 24 + chunk.getInt(definition + 20);
    }
    if (data < fragment || data + 4 > end) {
      return;
    }
    int count = chunk.getInt(data);
    if (count <= 10 || count > (end - data) / 4) {
      return;
    }
    int value = data + 4 + 4 * count;
    for (int i = 0; i < 10; i++) {
      value += Short.toUnsignedInt(chunk.getShort(data + 4 + 4 * i));
    }
    int descriptor = data + 4 + 4 * 10;
    if (Short.toUnsignedInt(chunk.getShort(descriptor)) == 8 && chunk.get(descriptor + 2) == 0x0a && value + 8 <= end) {
      chunk.putLong(value, id);
    }
  }

  /** The records of a valid chunk: its last record number less its first, plus one. */
  static int countRecords(byte[] chunk) {
    ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    return (int) (b.getLong(16) - b.getLong(8) + 1);
  }

  /** The output: chunks appended after the space left for the file header. */
  private static final class Writer {
    private final FileChannel channel;
    int chunks;
    long records;
    long positiveRecords;

    Writer(FileChannel channel) {
      this.channel = channel;
    }

    long bytes() {
      return EvtxWriter.FILE_HEADER_SIZE + (long) chunks * ChunkBuilder.CHUNK_SIZE;
    }

    void chunk(byte[] chunk, int recordCount) throws IOException {
      if (chunks == MAX_CHUNKS) {
        throw new IllegalStateException("a file header counts at most " + MAX_CHUNKS + " chunks");
      }
      ByteBuffer buffer = ByteBuffer.wrap(chunk);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      chunks++;
      records += recordCount;
    }
  }
}
