// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.spi.LineSyntax;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides from a line's raw bytes whether it could hold an event that the {@link DetectionPredicate}
 * matches; a line that cannot is passed over unparsed. Immutable and thread-safe.
 *
 * <p>Why it is safe. The predicate holds when {@code original_file_name} or {@code process_name},
 * lower-cased under {@link java.util.Locale#ROOT}, equals a name. Both fields are a field value of
 * the line (or its basename, a suffix of it), so the decoded line contains a substring that folds to
 * the name. The prefilter says "cannot match" only when all of these hold:
 *
 * <ol>
 *   <li>the names are ASCII, and neither is {@code unknown} or {@code null}, the values a field
 *       takes when the event does not write it (otherwise every line is parsed);
 *   <li>no substring of the raw bytes folds (ASCII case only) to a needle that every match must
 *       contain: the longest common substring of the two names when it has 4 or more characters,
 *       else each name;
 *   <li>no non-ASCII character folds into a name: of all code points above U+007F, only U+212A
 *       KELVIN SIGN lower-cases to ASCII ({@code k}; {@code PrefilterTest} checks every code point),
 *       so a line with its UTF-8 bytes is parsed when a name holds a {@code k};
 *   <li>the line's first {@value #ENCODING_PREFIX} bytes hold no NUL, {@code 0xFE} or {@code 0xFF}
 *       byte, so it is UTF-8: a parser decodes it otherwise only after a UTF-16 or UTF-32 byte order
 *       mark ({@code FE FF}, {@code FF FE}, {@code 00 00 FE FF}) or when its first four bytes hold a
 *       NUL, which is how XML 1.0 (appendix F) and JSON (RFC 4627, section 3) detect those encodings
 *       (an XML encoding declaration is a processing instruction: rule 5). {@link LineSyntax} makes
 *       this a format's promise. A NUL further on is not valid in either syntax: such a line is
 *       rejected, never an event;
 *   <li>for {@link LineSyntax#XML}: no {@code &#} (character reference; named entities decode to
 *       {@code & < > " '}, and a line is parsed on any {@code &} when a name holds one of those), no
 *       {@code <!} (CDATA section or comment, which can split text) and no {@code <?} (processing
 *       instruction, XML or encoding declaration);
 *   <li>for {@link LineSyntax#JSON}: no {@code u} after an odd run of backslashes (a
 *       {@code \}{@code u} escape; {@code \\u} in a Windows path is a backslash and a letter), and
 *       no backslash at all when a name holds a character a short escape can produce ({@code "},
 *       {@code \}, {@code /} or a control character);
 *   <li>for {@link LineSyntax#JSON_WITH_XML}: the rules of both 5 and 6 (a reference in XML held in
 *       a JSON string is written with the same bytes, and a JSON escape could write its {@code &}).
 * </ol>
 *
 * Without any of those, each character of a value is written as itself, so a value that folds to a
 * name leaves the name's bytes (in some ASCII case) in the line. Lines of {@link LineSyntax#UNKNOWN}
 * syntax and lines their format says it {@link io.tunnelwatch.core.spi.EventFormat#mustParse must
 * parse} are always parsed by the reader.
 */
final class Prefilter {
  /** Code points above U+007F whose {@code Locale.ROOT} lower case is ASCII, with that ASCII char. */
  static final int KELVIN_SIGN = 0x212A;

  private static final int MIN_SHARED_NEEDLE = 4;
  private static final byte[] LOWER = new byte[256];

  static {
    for (int i = 0; i < 256; i++) {
      LOWER[i] = (byte) (i >= 'A' && i <= 'Z' ? i + ('a' - 'A') : i);
    }
  }

  /** How many bytes at the start of a line are checked for a byte order mark or NUL (rule 4). */
  static final int ENCODING_PREFIX = 8;

  private final Needle[] needles;
  private final @Nullable Needle fused; // the one needle, when the fused scans can search for it
  private final boolean kelvin;
  private final boolean anyAmpersand;
  private final boolean anyBackslash;
  /** Whether {@link #scanLine} may be used: one needle, and no CR or LF in it. */
  private final boolean scansLines;

  private Prefilter(List<String> needles, boolean kelvin, boolean anyAmpersand, boolean anyBackslash) {
    this.needles = needles.stream().map(Needle::new).toArray(Needle[]::new);
    this.fused = this.needles.length == 1 && this.needles[0].chars.length > 1 ? this.needles[0] : null;
    this.scansLines = fused != null && needles.get(0).chars().noneMatch(c -> c == '\n' || c == '\r');
    this.kelvin = kelvin;
    this.anyAmpersand = anyAmpersand;
    this.anyBackslash = anyBackslash;
  }

  /** The prefilter for {@code predicate}, or null when its names cannot be searched as bytes. */
  static @Nullable Prefilter of(DetectionPredicate predicate) {
    String a = predicate.originalFileName();
    String b = predicate.processName();
    if (!isAscii(a) || !isAscii(b) || isMissingValue(a) || isMissingValue(b)) {
      return null;
    }
    String shared = longestCommonSubstring(a, b);
    List<String> needles = new ArrayList<>();
    if (shared.length() >= Math.min(MIN_SHARED_NEEDLE, Math.min(a.length(), b.length()))) {
      needles.add(shared);
    } else {
      needles.add(a);
      needles.add(b);
    }
    String both = a + b;
    return new Prefilter(
        needles,
        both.indexOf('k') >= 0,
        both.chars().anyMatch(c -> c == '&' || c == '<' || c == '>' || c == '"' || c == '\''),
        both.chars().anyMatch(c -> c == '"' || c == '\\' || c == '/' || c < 0x20));
  }

  /** The needles every matching line contains (folded), for tests and documentation. */
  List<String> needles() {
    List<String> out = new ArrayList<>();
    for (Needle n : needles) {
      out.add(new String(n.chars, java.nio.charset.StandardCharsets.US_ASCII));
    }
    return out;
  }

  /**
   * False only when the line cannot hold a matching event; true when it may (or when its syntax
   * could hide a name).
   */
  boolean mayMatch(byte[] line, int off, int len, LineSyntax syntax) {
    int to = off + len;
    if (syntax == LineSyntax.UNKNOWN || notUtf8(line, off, Math.min(to, off + ENCODING_PREFIX))) {
      return true;
    }
    Needle n = fused;
    if (n != null) {
      return switch (syntax) {
        case XML -> (xmlScan(n, line, off, to, 0) & MAY) != 0;
        case JSON -> (jsonScan(n, line, off, to, 0) & MAY) != 0;
        default -> jsonXmlScan(n, line, off, to);
      };
    }
    for (Needle each : needles) {
      if (each.in(line, off, to)) {
        return true;
      }
    }
    return switch (syntax) {
      case XML -> xmlMayHide(line, off, to);
      case JSON -> jsonMayHide(line, off, to);
      default -> jsonMayHide(line, off, to) || xmlMayHide(line, off, to);
    };
  }

  /** Whether {@link #scanLine} can scan lines of {@code syntax}. */
  boolean findsLines(LineSyntax syntax) {
    return scansLines && (syntax == LineSyntax.XML || syntax == LineSyntax.JSON);
  }

  /** The bit of a {@link #scanLine} result that says the line may match. */
  static final long MAY = 1;
  /** A scan's result when it found no line end and nothing that may hide a name. */
  private static final long NONE = -2;

  /**
   * The line end search and {@link #mayMatch} in one pass, for a line that starts at {@code from}
   * and that {@link #findsLines(LineSyntax)} says this can scan: where the line ends (the first CR or
   * LF in {@code [from, to)}) and whether the rules of {@code syntax} but rule 4 let it match, as
   * {@code mayMatch} says for {@code [from, end)}; the caller checks rule 4 ({@link #notUtf8}) on
   * the line it reads. A flagged byte is checked against the bytes after it up to {@code to}, past
   * the line end: a CR or LF is in no needle and in no escape, so the verdict is the line's own.
   *
   * @return the end times two, plus {@link #MAY} when the line may match; negative when
   *     {@code [from, to)} holds no line end
   */
  long scanLine(byte[] b, int from, int to, LineSyntax syntax) {
    Needle n = java.util.Objects.requireNonNull(fused);
    return syntax == LineSyntax.XML ? xmlScan(n, b, from, to, Swar.BELOW_14) : jsonScan(n, b, from, to, Swar.BELOW_14);
  }

  /**
   * What a scan returns when it flags a byte that may hide a name at {@code k}: with
   * {@code lineEnds}, the line's end after {@code k} (a flagged byte is never a line end), else
   * only {@link #MAY}.
   */
  private static long found(byte[] b, int k, int to, long lineEnds) {
    int end = lineEnds == 0 ? -1 : Swar.indexOfLineEnd(b, k + 1, to);
    return ((long) end << 1) | MAY;
  }

  /** Rule 4: a NUL, {@code 0xFE} or {@code 0xFF} byte (a byte order mark, or UTF-16 or UTF-32 text). */
  static boolean notUtf8(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == 0 || b[i] == (byte) 0xFE || b[i] == (byte) 0xFF) {
        return true;
      }
    }
    return false;
  }

  private static final long AMP = Swar.broadcast('&');
  private static final long BANG = Swar.broadcast('!');
  private static final long QUEST = Swar.broadcast('?');
  private static final long BACKSLASH = Swar.broadcast('\\');
  private static final long U = Swar.broadcast('u');

  /**
   * The needle search and {@link #xmlMayHide} in one pass over the line, which is what every line
   * costs: eight bytes at a time, it flags the needle's anchor (its rarest character, either case)
   * and the bytes that could start or end a hiding place, four byte compares per word, and checks
   * each flagged byte exactly. A pair of characters would flag fewer bytes, but costs two compares
   * and an overlapping stride on every word of every line (issue 15, item 5). With
   * {@code lineEnds} ({@link Swar#BELOW_14}; 0 for none) it also finds the line's end in the same
   * words ({@link #scanLine}), and looks at no flag past it.
   *
   * @return as {@link #scanLine}: the end times two, or -1 for none, plus {@link #MAY}
   */
  private long xmlScan(Needle n, byte[] b, int from, int to, long lineEnds) {
    long nonAscii = kelvin ? Swar.HIGHS : 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = Swar.word(b, i);
      long m = n.anchors(w) | Swar.eq(w, AMP) | Swar.eq(w, BANG) | Swar.eq(w, QUEST) | (w & nonAscii);
      long ends = Swar.below(w, lineEnds);
      if ((m | ends) != 0) {
        long end = ends == 0 ? 0 : Swar.firstLineEnd(b, i, ends);
        for (m &= (end >>> 7) - 1; m != 0; m &= m - 1) { // the flags before the end
          int k = i + Swar.lowestFlagged(m);
          if ((b[k] | 0x20) == n.foldedAnchor && (k == from || (b[k - 1] | 0x20) != n.foldedBefore)) {
            continue; // an anchor without the needle's character before it (a letter is no hiding place)
          }
          if (n.startsAtAnchor(b, from, k, to) || xmlMayHideAt(b, from, k, k + 1, to)) {
            return found(b, k, to, lineEnds);
          }
        }
        if (end != 0) {
          return (long) (i + Swar.lowestFlagged(end)) << 1;
        }
      }
    }
    for (; i < to; i++) {
      if (lineEnds != 0 && (b[i] == '\n' || b[i] == '\r')) {
        return (long) i << 1;
      }
      if (n.startsAtAnchor(b, from, i, to) || xmlMayHideAt(b, from, i, i + 1, to)) {
        return found(b, i, to, lineEnds);
      }
    }
    return NONE;
  }

  /**
   * The needle search and {@link #jsonMayHide} in one pass, as {@link #xmlScan}: it flags the
   * anchor and every {@code u} (the end of a {@code \}{@code u} escape), or every backslash when a
   * name holds a character a short escape writes. When the anchor is {@code u}, as in
   * {@code devtunnel}, one compare per word flags both. A {@code u} is an escape only after an odd
   * run of backslashes, which is counted only then: a path's {@code \\} runs cost nothing.
   */
  private long jsonScan(Needle n, byte[] b, int from, int to, long lineEnds) {
    long nonAscii = kelvin ? Swar.HIGHS : 0;
    long escape = anyBackslash ? BACKSLASH : U;
    boolean separate = anyBackslash || n.anchor != 'u';
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = Swar.word(b, i);
      long m = n.anchors(w) | (separate ? Swar.eq(w, escape) : 0) | (w & nonAscii);
      long ends = Swar.below(w, lineEnds);
      if ((m | ends) != 0) {
        long end = ends == 0 ? 0 : Swar.firstLineEnd(b, i, ends);
        for (m &= (end >>> 7) - 1; m != 0; m &= m - 1) { // the flags before the end
          int k = i + Swar.lowestFlagged(m);
          if ((b[k] | 0x20) == n.foldedAnchor
              && (k == from || ((b[k - 1] | 0x20) != n.foldedBefore && b[k - 1] != '\\'))) {
            continue; // an anchor with neither the needle's character nor a backslash before it
          }
          if (n.startsAtAnchor(b, from, k, to) || jsonEscapeAt(b, from, k, to)) {
            return found(b, k, to, lineEnds);
          }
        }
        if (end != 0) {
          return (long) (i + Swar.lowestFlagged(end)) << 1;
        }
      }
    }
    for (; i < to; i++) {
      if (lineEnds != 0 && (b[i] == '\n' || b[i] == '\r')) {
        return (long) i << 1;
      }
      if (n.startsAtAnchor(b, from, i, to) || jsonEscapeAt(b, from, i, to)) {
        return found(b, i, to, lineEnds);
      }
    }
    return NONE;
  }

  /**
   * Whether the byte at {@code k} could hide a name in JSON: the {@code u} of a {@code \}{@code u}
   * escape, any backslash when a name holds a character a short escape writes, or a Kelvin sign.
   */
  private boolean jsonEscapeAt(byte[] b, int lineFrom, int k, int to) {
    byte c = b[k];
    if (c == '\\') {
      return anyBackslash;
    }
    if (c == 'u') {
      return !anyBackslash && k > lineFrom && b[k - 1] == '\\' && oddRun(b, lineFrom, k - 1);
    }
    return c < 0 && kelvinAt(b, k, to);
  }

  /** Whether the run of backslashes that ends at {@code last} is odd: its last one then escapes the next byte. */
  private static boolean oddRun(byte[] b, int lineFrom, int last) {
    int run = 1;
    while (last - run >= lineFrom && b[last - run] == '\\') {
      run++;
    }
    return (run & 1) == 1;
  }

  /** The needle search and both {@link #jsonMayHide} and {@link #xmlMayHide} in one pass, as {@link #xmlScan}. */
  private boolean jsonXmlScan(Needle n, byte[] b, int from, int to) {
    long nonAscii = kelvin ? Swar.HIGHS : 0;
    int i = from;
    for (; i + 8 <= to; i += 7) {
      long w = Swar.word(b, i);
      long pairs = n.pairs(w);
      long backslashes = Swar.eq(w, BACKSLASH);
      long json = anyBackslash ? backslashes : backslashes & (Swar.eq(w, U) >>> 8);
      long xml = Swar.eq(w, AMP) | Swar.eq(w, BANG) | Swar.eq(w, QUEST);
      long hide = json | xml | (w & nonAscii);
      if ((pairs | hide) != 0
          && (n.startsAtPairs(b, from, i, pairs, to)
              || (hide != 0 && (jsonMayHideAt(b, from, i, i + 8, to) || xmlMayHideAt(b, from, i, i + 8, to))))) {
        return true;
      }
    }
    return n.startsFrom(b, from, i, to) || jsonMayHideAt(b, from, i, to, to) || xmlMayHideAt(b, from, i, to, to);
  }

  /** Looks eight bytes at a time for a byte that could start or end a hiding place, then checks it. */
  private boolean xmlMayHide(byte[] b, int from, int to) {
    int i = from;
    long nonAscii = kelvin ? Swar.HIGHS : 0;
    for (; i + 8 <= to; i += 8) {
      long w = Swar.word(b, i);
      long m = Swar.eq(w, AMP) | Swar.eq(w, BANG) | Swar.eq(w, QUEST) | (w & nonAscii);
      if (m != 0 && xmlMayHideAt(b, from, i, i + 8, to)) {
        return true;
      }
    }
    return xmlMayHideAt(b, from, i, to, to);
  }

  private boolean xmlMayHideAt(byte[] b, int lineFrom, int from, int until, int to) {
    for (int i = from; i < until; i++) {
      byte c = b[i];
      if (c > '?') {
        continue; // every byte the rules look at is at or below '?' (0x3F), or negative
      }
      if (c == '&') {
        if (anyAmpersand || (i + 1 < to && b[i + 1] == '#')) {
          return true;
        }
      } else if (c == '!' || c == '?') {
        if (i > lineFrom && b[i - 1] == '<') {
          return true;
        }
      } else if (c < 0 && kelvinAt(b, i, to)) {
        return true;
      }
    }
    return false;
  }

  private boolean jsonMayHide(byte[] b, int from, int to) {
    int i = from;
    long nonAscii = kelvin ? Swar.HIGHS : 0;
    for (; i + 8 <= to; i += 8) {
      long w = Swar.word(b, i);
      long m = Swar.eq(w, BACKSLASH) | (w & nonAscii);
      if (m != 0 && jsonMayHideAt(b, from, i, i + 8, to)) {
        return true;
      }
    }
    return jsonMayHideAt(b, from, i, to, to);
  }

  private boolean jsonMayHideAt(byte[] b, int lineFrom, int from, int until, int to) {
    for (int i = from; i < until; i++) {
      byte c = b[i];
      if (c == '\\') {
        if (anyBackslash) {
          return true;
        }
        if (i + 1 < to && b[i + 1] == 'u') {
          int run = 1; // the backslashes that end at i: an odd run makes this one an escape
          while (i - run >= lineFrom && b[i - run] == '\\') {
            run++;
          }
          if ((run & 1) == 1) {
            return true;
          }
        }
      } else if (c < 0 && kelvinAt(b, i, to)) {
        return true;
      }
    }
    return false;
  }

  /** U+212A in UTF-8 is E2 84 AA. */
  private boolean kelvinAt(byte[] b, int i, int to) {
    return kelvin && b[i] == (byte) 0xE2 && i + 2 < to && b[i + 1] == (byte) 0x84 && b[i + 2] == (byte) 0xAA;
  }

  /** A name equal to what a missing field holds ({@code unknown}) matches events that never wrote it. */
  private static boolean isMissingValue(String lowerName) {
    return lowerName.equals(Field.ORIGINAL_FILE_NAME.missingValue())
        || lowerName.equals(Field.PROCESS_NAME.missingValue())
        || lowerName.equals(Field.UNKNOWN)
        || lowerName.equals(Field.NULL);
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  static String longestCommonSubstring(String a, String b) {
    int bestLen = 0;
    int bestEnd = 0;
    int[] prev = new int[b.length() + 1];
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      for (int j = 1; j <= b.length(); j++) {
        if (a.charAt(i - 1) == b.charAt(j - 1)) {
          cur[j] = prev[j - 1] + 1;
          if (cur[j] > bestLen) {
            bestLen = cur[j];
            bestEnd = i;
          }
        }
      }
      prev = cur;
    }
    return a.substring(bestEnd - bestLen, bestEnd);
  }

  /**
   * A case-insensitive (ASCII) search for one lower-case ASCII needle: eight bytes at a time, it
   * looks for the needle's rarest pair of adjacent characters and checks the whole needle only
   * where that pair occurs.
   */
  private static final class Needle {
    /** Letters from the most to the least frequent in English text and Windows paths. */
    private static final String FREQUENCY = "etaoinsrhldcumfpgwybvkxjqz";
    private static final long FOLD = Swar.broadcast(0x20);

    private final byte[] chars;
    /** The rarest character, a {@code u} when there is one (JSON flags every {@code u} anyway). */
    final byte anchor;
    private final int anchorAt; // its index
    /**
     * The anchor and the character before it with bit 5 set (lower case for a letter), or -1 when a
     * flagged anchor cannot be rejected by the byte before it: the anchor is first or not a letter.
     */
    final int foldedAnchor;
    final int foldedBefore;
    private final long anchorPattern;
    private final long anchorFold;
    private final int pair; // the index of the pair's first character
    private final long first;
    private final long second;
    private final long firstFold;
    private final long secondFold;

    Needle(String lower) {
      chars = lower.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int best = 0;
      int bestScore = -1;
      for (int k = 0; k + 1 < chars.length; k++) {
        int score = rarity(chars[k]) + rarity(chars[k + 1]);
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
      pair = best;
      int a = 0;
      for (int k = 1; k < chars.length; k++) {
        if (chars[a] != 'u' && (chars[k] == 'u' || rarity(chars[k]) > rarity(chars[a]))) {
          a = k;
        }
      }
      anchorAt = a;
      anchor = chars[a];
      foldedAnchor = a > 0 && isLetter(anchor) ? anchor : -1;
      foldedBefore = a > 0 ? chars[a - 1] | 0x20 : -1;
      anchorPattern = Swar.broadcast(anchor);
      anchorFold = isLetter(anchor) ? FOLD : 0;
      first = Swar.broadcast(chars[best]);
      second = Swar.broadcast(chars.length > 1 ? chars[best + 1] : 0);
      firstFold = isLetter(chars[best]) ? FOLD : 0;
      secondFold = chars.length > 1 && isLetter(chars[best + 1]) ? FOLD : 0;
    }

    private static boolean isLetter(byte c) {
      return c >= 'a' && c <= 'z';
    }

    private static int rarity(byte c) {
      int i = FREQUENCY.indexOf(c);
      return i >= 0 ? i : 12; // digits and punctuation: about as common as a middling letter
    }

    /** The high bit of each byte of {@code w} that may start the rarest pair (exact for the lowest). */
    long pairs(long w) {
      return Swar.eq(w | firstFold, first) & (Swar.eq(w | secondFold, second) >>> 8);
    }

    /** The high bit of each byte of {@code w} that may be the anchor, in either case (exact for the lowest). */
    long anchors(long w) {
      return Swar.eq(w | anchorFold, anchorPattern);
    }

    /** Whether the needle lies in {@code [from, to)} with its anchor at {@code k}. */
    boolean startsAtAnchor(byte[] b, int from, int k, int to) {
      int start = k - anchorAt;
      return start >= from && start + chars.length <= to && matchesAt(b, start);
    }

    /** Whether the needle lies in {@code [from, to)} at a pair that {@code pairs} flags in the word at {@code i}. */
    boolean startsAtPairs(byte[] b, int from, int i, long pairs, int to) {
      for (long m = pairs; m != 0; m &= m - 1) {
        int start = i + (Long.numberOfTrailingZeros(m) >>> 3) - pair;
        if (start >= from && start + chars.length <= to && matchesAt(b, start)) {
          return true;
        }
      }
      return false;
    }

    /** Whether the needle lies in {@code [from, to)} with its pair at or after {@code i}. */
    boolean startsFrom(byte[] b, int from, int i, int to) {
      return scan(b, Math.max(from, i - pair), to);
    }

    boolean in(byte[] b, int from, int to) {
      int n = chars.length;
      if (n < 2) {
        return scan(b, from, to);
      }
      // Word at i covers pair starts i..i+6 (the pair's second byte is then still in the word).
      int i = from + pair;
      for (; i + 8 <= to; i += 7) {
        long w = Swar.word(b, i);
        long m = Swar.eq(w | firstFold, first) & (Swar.eq(w | secondFold, second) >>> 8);
        while (m != 0) {
          int start = i + (Long.numberOfTrailingZeros(m) >>> 3) - pair;
          if (start + n <= to && matchesAt(b, start)) {
            return true;
          }
          m &= m - 1;
        }
      }
      return scan(b, Math.max(from, i - pair), to);
    }

    /** Every start in {@code [from, to - n]}, one by one. */
    private boolean scan(byte[] b, int from, int to) {
      for (int start = from; start + chars.length <= to; start++) {
        if (matchesAt(b, start)) {
          return true;
        }
      }
      return false;
    }

    private boolean matchesAt(byte[] b, int start) {
      for (int j = 0; j < chars.length; j++) {
        if (LOWER[b[start + j] & 0xff] != chars[j]) {
          return false;
        }
      }
      return true;
    }
  }
}
