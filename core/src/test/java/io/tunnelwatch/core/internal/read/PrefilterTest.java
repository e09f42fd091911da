// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import io.tunnelwatch.core.DetectionPredicate;
import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.tck.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
final class PrefilterTest {
  private static final Prefilter DEFAULTS = of("devtunnel.dll", "devtunnel.exe");

  static Prefilter of(String originalFileName, String processName) {
    return java.util.Objects.requireNonNull(Prefilter.of(DetectionPredicate.of(originalFileName, processName)));
  }

  private static boolean xml(String line) {
    return may(DEFAULTS, line, LineSyntax.XML);
  }

  private static boolean json(String line) {
    return may(DEFAULTS, line, LineSyntax.JSON);
  }

  private static boolean may(Prefilter p, String line, LineSyntax syntax) {
    return may(p, line, syntax, StandardCharsets.UTF_8);
  }

  private static boolean may(Prefilter p, String line, LineSyntax syntax, java.nio.charset.Charset charset) {
    byte[] l = line.getBytes(charset);
    byte[] b = new byte[l.length + 4];
    b[0] = 'x';
    b[1] = 'x';
    System.arraycopy(l, 0, b, 2, l.length);
    b[b.length - 2] = 'y';
    b[b.length - 1] = 'y';
    return p.mayMatch(b, 2, l.length, syntax);
  }

  @Test
  void needle_isTheLongestCommonPartOfTheNames() {
    assertThat(DEFAULTS.needles()).containsExactly("devtunnel.");
    assertThat(of("abc.dll", "xyz.exe").needles()).containsExactly("abc.dll", "xyz.exe");
    assertThat(of("ab", "ab").needles()).containsExactly("ab");
  }

  @Test
  void nonAsciiNames_turnThePrefilterOff() {
    assertThat(Prefilter.of(DetectionPredicate.of("tünnel.dll", "devtunnel.exe"))).isNull();
  }

  @Test
  void namesThatMissingFieldsTake_turnThePrefilterOff() {
    assertThat(Prefilter.of(DetectionPredicate.of("Unknown", "devtunnel.exe"))).isNull();
    assertThat(Prefilter.of(DetectionPredicate.of("devtunnel.dll", "null"))).isNull();
  }

  @Test
  void onlyTheKelvinSign_foldsToAscii_amongAllNonAsciiCodePoints() {
    List<Integer> folding = new ArrayList<>();
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
      if (lower.chars().allMatch(c -> c < 0x80)) {
        folding.add(cp);
      }
    }
    assertThat(folding).containsExactly(Prefilter.KELVIN_SIGN);
  }

  @Test
  void literalName_inAnyCase_mayMatch() {
    assertThat(xml("<Data Name='Image'>C:\\x\\DevTunnel.EXE</Data>")).isTrue();
    assertThat(json("\"ImageFileName\":\"\\\\Device\\\\DEVTUNNEL.exe\"")).isTrue();
    assertThat(xml("devtunnel.")).isTrue();
    assertThat(xml("devtunnel")).isFalse();
    assertThat(xml("devtunnek.")).isFalse();
  }

  @Test
  void plainLinesWithoutTheName_cannotMatch() {
    assertThat(xml("<Data Name='Image'>C:\\Windows\\cmd.exe</Data><Data Name='CommandLine'>a &amp;&amp; b &lt;x&gt;</Data>")).isFalse();
    assertThat(json("{\"ImageFileName\":\"\\\\Device\\\\cmd.exe\",\"CommandLine\":\"C:\\\\users\\\\x \\\"q\\\"\"}")).isFalse();
  }

  @Test
  void xmlReferencesCdataCommentsAndInstructions_forceAParse() {
    assertThat(xml("<Data Name='Image'>&#x64;evtunnel.exe</Data>")).isTrue();
    assertThat(xml("<Data Name='Image'>&#100;evtunnel.exe</Data>")).isTrue();
    assertThat(xml("<Data Name='Image'>devtun<![CDATA[nel.exe]]></Data>")).isTrue();
    assertThat(xml("<Data Name='Image'>devtun<!-- -->nel.exe</Data>")).isTrue();
    assertThat(xml("<Data Name='Image'>devtun<?pi x?>nel.exe</Data>")).isTrue();
    assertThat(xml("<Data>what? wow!</Data>")).isFalse();
    assertThat(xml("<Data>\0</Data>")).isTrue(); // a NUL among the first bytes: perhaps UTF-16
    assertThat(xml("<Data Name='Image'>x\0y.exe</Data>")).isFalse(); // further on: not XML at all
    assertThat(xml("\uFEFF<Data/>")).isFalse(); // a UTF-8 byte order mark
    assertThat(may(DEFAULTS, "\uFEFF<Data/>", LineSyntax.XML, java.nio.charset.StandardCharsets.UTF_16LE)).isTrue();
    // a JSON escape means nothing in XML
    assertThat(xml("<Data>\\u0064evtunnel.exe</Data>")).isFalse();
  }

  @Test
  void jsonUnicodeEscapes_forceAParse_butEscapedBackslashesDoNot() {
    assertThat(json("\"\\u0064evtunnel.exe\"")).isTrue();
    assertThat(json("\"\\\\\\u0064evtunnel.exe\"")).isTrue(); // an escaped backslash, then an escape
    assertThat(json("\"C:\\\\users\\\\u0064evtunnel.exe\"")).isFalse(); // an escaped backslash, then the letter u
    assertThat(json("\"a\\\\\"")).isFalse();
    assertThat(json("\"a&#100;\"")).isFalse(); // a character reference means nothing in JSON
    assertThat(json("\"\0\"")).isTrue();
  }

  @Test
  void jsonWithXml_appliesTheRulesOfBoth() {
    Prefilter p = of("devtunnel.dll", "devtunnel.exe");
    assertThat(may(p, "{\"e\":\"<Data>a&#100;</Data>\"}", LineSyntax.JSON_WITH_XML)).isTrue();
    assertThat(may(p, "{\"e\":\"<Data><!-- x --></Data>\"}", LineSyntax.JSON_WITH_XML)).isTrue();
    assertThat(may(p, "{\"e\":\"<?x?><Data/>\"}", LineSyntax.JSON_WITH_XML)).isTrue();
    assertThat(may(p, "{\"e\":\"\\u0064evtunnel.exe\"}", LineSyntax.JSON_WITH_XML)).isTrue();
    assertThat(may(p, "{\"e\":\"<Data>C:\\\\x\\\\cmd.exe &amp; b</Data>\"}", LineSyntax.JSON_WITH_XML)).isFalse();
    assertThat(may(p, "{\"e\":\"<Data>DevTunnel.EXE</Data>\"}", LineSyntax.JSON_WITH_XML)).isTrue();
    // and the one-needle scan gives what the general one gives
    Prefilter two = of("abcd.dll", "wxyz.exe");
    assertThat(may(two, "{\"e\":\"<Data>a&#100;</Data>\"}", LineSyntax.JSON_WITH_XML)).isTrue();
    assertThat(may(two, "{\"e\":\"<Data>cmd.exe</Data>\"}", LineSyntax.JSON_WITH_XML)).isFalse();
  }

  @Test
  void kelvinSign_forcesAParse_onlyWhenANameHoldsK() {
    Prefilter k = of("ktunnel.dll", "ktunnel.exe");
    assertThat(may(k, "<Data>\u212Atunnel.exe</Data>", LineSyntax.XML)).isTrue();
    assertThat(may(k, "\"\u212Atunnel.exe\"", LineSyntax.JSON)).isTrue();
    assertThat(may(k, "<Data>\u00e9tunnel.exe</Data>", LineSyntax.XML)).isFalse();
    assertThat(xml("<Data>\u212Adevtunne.exe</Data>")).isFalse();
  }

  @Test
  void namesWithEscapableCharacters_forceAParse_onAnyEscape() {
    Prefilter amp = of("a&b.dll", "a&b.exe");
    assertThat(may(amp, "<Data>a&amp;b.exe</Data>", LineSyntax.XML)).isTrue();
    Prefilter slash = of("a/b.dll", "a/b.exe");
    assertThat(may(slash, "\"a\\/b.exe\"", LineSyntax.JSON)).isTrue();
  }

  @Test
  void unknownSyntax_alwaysMayMatch() {
    assertThat(may(DEFAULTS, "nothing here", LineSyntax.UNKNOWN)).isTrue();
  }

  @Test
  void needleSearch_findsTheNamesInAnyCase_likeAPlainSearch_atEveryOffset() {
    long seed = Seeds.take();
    java.util.Random rnd = new java.util.Random(seed);
    String alphabet = "devtunlDEVTUNL.xe x/\\";
    for (String[] names : new String[][] {{"devtunnel.dll", "devtunnel.exe"}, {"ab", "cd"}, {"x", "y"}}) {
      Prefilter p = of(names[0], names[1]);
      for (int round = 0; round < 20_000; round++) {
        StringBuilder line = new StringBuilder();
        int len = rnd.nextInt(60);
        for (int i = 0; i < len; i++) {
          line.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        if (rnd.nextInt(4) == 0) {
          line.insert(rnd.nextInt(line.length() + 1), names[rnd.nextInt(2)].toUpperCase(Locale.ROOT));
        }
        String folded = line.toString().toLowerCase(Locale.ROOT);
        boolean expected = p.needles().stream().anyMatch(folded::contains);
        assertThat(may(p, line.toString(), LineSyntax.XML)).as("seed %s: %s", seed, line).isEqualTo(expected);
      }
    }
  }
}
