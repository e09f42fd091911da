// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;

/**
 * CrowdStrike Falcon Data Replicator events, one JSON object per line. {@code ProcessRollup2} and
 * {@code SyntheticProcessRollup2} become events (of every {@code event_platform}); {@code AidMaster}
 * and {@code ManagedAssets} teach the parser host names and are skipped; other event types are
 * skipped; anything else is rejected naming the field at fault.
 *
 * <p>The host ({@code dest}) of a process event is its {@code ComputerName}; else the host name that
 * an earlier {@code AidMaster}/{@code ManagedAssets} line of the same parser gave its {@code aid};
 * else what the {@link AgentHostResolver} says; else {@code unknown}. Each parser remembers at most
 * 65,536 agents, fewer on a small heap ({@link #learnedHostsFor}), or as many as
 * {@link #withMaxLearnedHosts(int)} says; past that it forgets the least recently taught one, whose
 * later events fall back to the resolver.
 *
 * <p>A line is rejected, naming the FDR key at fault where there is one, when it is not UTF-8, not
 * one JSON object (RFC 8259: no comments, trailing commas or content after the object), nested
 * deeper than 16 levels, or, for a process event, when a key the mapping reads holds an object,
 * array or boolean, appears twice (first-wins and last-wins readers would see different processes,
 * so the line is ambiguous; duplicates of keys the mapping does not read are ignored), or when
 * {@code timestamp} (epoch milliseconds, a string or a number) is missing or malformed. A line
 * without {@code event_simpleName} is rejected too. Strings and numbers are read as written;
 * {@code null} is a missing value. Messages never quote the line.
 *
 * <p>Immutable and thread-safe; each {@link #newParser()} is for one thread.
 *
 * @since 0.1.0
 */
public final class CrowdStrikeFormat implements EventFormat {
  /** The format's id. */
  public static final String ID = "crowdstrike-fdr";

  /** The most agents' host names one parser remembers by default, reached on a heap of 256 MiB or more. */
  static final int MAX_LEARNED_HOSTS = 65_536;

  /** What one remembered agent costs, measured: two strings and a linked map entry. */
  private static final int BYTES_PER_HOST = 256;

  private static final KeySearch EVENT_SIMPLE_NAME_KEY = new KeySearch("\"event_simpleName\"");
  private static final byte[] AID_MASTER = "AidMaster\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MANAGED_ASSETS = "ManagedAssets\"".getBytes(StandardCharsets.US_ASCII);

  private final AgentHostResolver resolver;
  private final int maxLearnedHosts;

  /** The format without a resolver: hosts the stream does not name are {@code unknown}. */
  public CrowdStrikeFormat() {
    this(aid -> Optional.empty(), learnedHostsFor(Runtime.getRuntime().maxMemory()));
  }

  /**
   * How many agents one parser remembers on a heap of {@code maxMemory} bytes: those that fit in a
   * sixteenth of it, between 1,024 and 65,536 (4,096 at {@code -Xmx16m}, 16,384 at {@code -Xmx64m},
   * 65,536 from {@code -Xmx256m} on): the default of {@link #maxLearnedHosts()}. A large table on a
   * small heap starved the scan of memory.
   *
   * @since 0.1.0
   */
  public static int learnedHostsFor(long maxMemory) {
    return (int) Math.max(1024, Math.min(MAX_LEARNED_HOSTS, maxMemory / 16 / BYTES_PER_HOST));
  }

  CrowdStrikeFormat(AgentHostResolver resolver, int maxLearnedHosts) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    if (maxLearnedHosts < 1) {
      throw new IllegalArgumentException("maxLearnedHosts must be positive but was " + maxLearnedHosts);
    }
    this.maxLearnedHosts = maxLearnedHosts;
  }

  /** The format that asks {@code resolver} for the hosts the stream itself does not name. */
  public static CrowdStrikeFormat withResolver(AgentHostResolver resolver) {
    return new CrowdStrikeFormat(resolver, learnedHostsFor(Runtime.getRuntime().maxMemory()));
  }

  /**
   * This format, with parsers that remember at most {@code hosts} agents' host names (each costs
   * about 256 bytes of heap) instead of {@link #learnedHostsFor the heap-sized default}: more for a
   * fleet larger than 65,536 agents in one stream, fewer to bound memory.
   *
   * @throws IllegalArgumentException when {@code hosts} is not positive
   * @since 0.1.0
   */
  public CrowdStrikeFormat withMaxLearnedHosts(int hosts) {
    return new CrowdStrikeFormat(resolver, hosts);
  }

  /** The most agents' host names each parser remembers before it forgets the least recently taught. */
  public int maxLearnedHosts() {
    return maxLearnedHosts;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<Field> lacks() {
    return FdrLineParser.LACKS;
  }

  /**
   * {@link LineClaim#FORMAT} for a JSON object that has an {@code "event_simpleName"} key,
   * {@link LineClaim#FAMILY} for any other line that starts with <code>&#123;</code> or {@code [}, else
   * {@link LineClaim#NO}. Looks at bytes only.
   */
  @Override
  public LineClaim claim(byte[] line, int offset, int length) {
    int i = firstNonBlank(line, offset, offset + length);
    if (i < 0 || (line[i] != '{' && line[i] != '[')) {
      return LineClaim.NO;
    }
    return line[i] == '{' && EVENT_SIMPLE_NAME_KEY.indexIn(line, i, offset + length) >= 0
        ? LineClaim.FORMAT
        : LineClaim.FAMILY;
  }

  /**
   * True for a line whose first non-blank byte is <code>&#123;</code> or {@code [}: what
   * {@link #claim} does not refuse, without looking for the key.
   */
  @Override
  public boolean recognises(byte[] line, int offset, int length) {
    int i = firstNonBlank(line, offset, offset + length);
    return i >= 0 && (line[i] == '{' || line[i] == '[');
  }

  private static int firstNonBlank(byte[] line, int from, int end) {
    for (int i = from; i < end; i++) {
      if (!isBlank(line[i])) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f' || b == 0x0B;
  }

  /** JSON: the reader's prefilter may pass over lines that cannot match. */
  @Override
  public LineSyntax syntax() {
    return LineSyntax.JSON;
  }

  /**
   * True for a line that may be an {@code AidMaster} or {@code ManagedAssets} event: one where a
   * literal {@code "event_simpleName"} key has either name as its literal string value. Those teach
   * host names, so the prefilter must not pass over them. A key or name written with escapes is
   * parsed anyway, since the prefilter parses every line with a JSON escape.
   *
   * <p>Every line pays for this, so it looks from the end first, where FDR writes the key (keys in
   * order, {@code event_simpleName} among the last): the last literal key decides when nothing after
   * it could close a nested object, because then it is a key of the line's own object, and the
   * parser rejects that key twice in one object (it teaches nothing). Otherwise every occurrence is
   * looked at.
   */
  @Override
  public boolean mustParse(byte[] line, int offset, int length) {
    int end = offset + length;
    for (int at = EVENT_SIMPLE_NAME_KEY.lastIndexIn(line, offset, end); at >= 0;
        at = EVENT_SIMPLE_NAME_KEY.lastIndexIn(line, offset, at + EVENT_SIMPLE_NAME_KEY.length() - 1)) {
      int value = valueOf(line, at, end);
      if (value < 0 || escaped(line, offset, at)) {
        continue; // not a key: inside a string, or not followed by a colon
      }
      if (isHostType(line, value, end)) {
        return true;
      }
      return !ownKey(line, value, end) && anyHostType(line, offset, end);
    }
    return false;
  }

  /** Whether any literal key occurrence has a host event type as its value (the slow path). */
  private static boolean anyHostType(byte[] line, int offset, int end) {
    for (int at = EVENT_SIMPLE_NAME_KEY.indexIn(line, offset, end); at >= 0;
        at = EVENT_SIMPLE_NAME_KEY.indexIn(line, at + 1, end)) {
      int value = valueOf(line, at, end);
      if (value >= 0 && isHostType(line, value, end)) {
        return true;
      }
    }
    return false;
  }

  /** Where the value after the key at {@code at} starts (after the colon and blanks), or -1 without a colon. */
  private static int valueOf(byte[] line, int at, int end) {
    int i = at + EVENT_SIMPLE_NAME_KEY.length();
    while (i < end && isBlank(line[i])) {
      i++;
    }
    if (i >= end || line[i++] != ':') {
      return -1;
    }
    while (i < end && isBlank(line[i])) {
      i++;
    }
    return i;
  }

  private static boolean isHostType(byte[] line, int value, int end) {
    return value < end && line[value] == '"'
        && (startsWith(line, value + 1, end, AID_MASTER) || startsWith(line, value + 1, end, MANAGED_ASSETS));
  }

  /** Whether the quote at {@code at} follows an odd run of backslashes (an escaped quote in a string). */
  private static boolean escaped(byte[] line, int offset, int at) {
    int run = 0;
    while (at - run - 1 >= offset && line[at - run - 1] == '\\') {
      run++;
    }
    return (run & 1) == 1;
  }

  /**
   * Whether a key whose value starts at {@code value} belongs to the line's outermost object: no
   * byte after it closes an object or array, but the line's last (blanks aside).
   */
  private static boolean ownKey(byte[] line, int value, int end) {
    int last = end - 1;
    while (last >= value && isBlank(line[last])) {
      last--;
    }
    return !KeySearch.anyCloser(line, value, last);
  }

  private static boolean startsWith(byte[] b, int from, int end, byte[] prefix) {
    return end - from >= prefix.length && java.util.Arrays.equals(b, from, from + prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public LineParser newParser() {
    return new FdrLineParser(resolver, new AgentHosts(maxLearnedHosts));
  }

  @Override
  public String toString() {
    return "CrowdStrikeFormat{" + ID + "}";
  }
}
