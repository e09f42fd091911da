// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AllowlistFilterTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

  private static final List<ProcessEvent> EVENTS = List.of(
      TestEvents.devtunnel("2024-04-23T12:10:00Z", "DEV-LAPTOP-7"),
      TestEvents.devtunnel("2024-04-23T12:15:00Z", "fin-server"));

  private static DetectionReport run(String json) {
    AllowlistFilter f = AllowlistFilter.parse(json, "allow.json", NOW);
    return Detection.builder().addFilter(f).build().evaluate(EVENTS);
  }

  @Test
  void stringPattern_matchesCaseInsensitively_withWildcards() {
    DetectionReport r = run("""
        {"entries": [{"match": {"dest": "dev-*", "process_name": "DEVTUNNEL.exe"},
                      "reason": "approved developer laptops", "owner": "secops"}]}""");
    assertThat(r.results()).extracting(x -> x.get(Field.DEST)).containsExactly("fin-server");
    assertThat(r.suppressed()).singleElement().satisfies(s -> {
      assertThat(s.filter()).isEqualTo("allowlist allow.json");
      assertThat(s.reason()).isEqualTo("allowlist entry 1: approved developer laptops (owner secops)");
    });
  }

  @Test
  void everyNamedField_mustMatch() {
    DetectionReport r = run("""
        {"entries": [{"match": {"dest": "dev-*", "user": "bob"}, "reason": "r", "owner": "o"}]}""");
    assertThat(r.suppressed()).isEmpty();
  }

  @Test
  void exactPattern_isCaseSensitive_andTakesStarLiterally() {
    assertThat(run("""
        {"entries": [{"match": {"dest": {"exact": "dev-laptop-7"}}, "reason": "r", "owner": "o"}]}""")
        .suppressed()).isEmpty();
    assertThat(run("""
        {"entries": [{"match": {"dest": {"exact": "DEV-LAPTOP-7"}}, "reason": "r", "owner": "o"}]}""")
        .suppressed()).hasSize(1);
    assertThat(run("""
        {"entries": [{"match": {"dest": {"exact": "DEV-*"}}, "reason": "r", "owner": "o"}]}""")
        .suppressed()).isEmpty();
  }

  @Test
  void stringPatternStartingWithExact_isAGlob_notAnExactMatch() {
    List<ProcessEvent> events = List.of(
        TestEvents.devtunnel("2024-04-23T12:10:00Z", "EXACT:dev-7"),
        TestEvents.devtunnel("2024-04-23T12:15:00Z", "*"));
    AllowlistFilter glob = AllowlistFilter.parse("""
        {"entries": [{"match": {"dest": "exact:*"}, "reason": "r", "owner": "o"}]}""", "a.json", NOW);
    assertThat(glob.entries().get(0).match())
        .containsExactly(Map.entry(Field.DEST, new AllowlistFilter.Pattern.Glob("exact:*")));
    assertThat(Detection.builder().addFilter(glob).build().evaluate(events).results())
        .extracting(x -> x.get(Field.DEST)).containsExactly("*");

    AllowlistFilter exact = AllowlistFilter.parse("""
        {"entries": [{"match": {"dest": {"exact": "*"}}, "reason": "r", "owner": "o"}]}""", "a.json", NOW);
    assertThat(exact.entries().get(0).match())
        .containsExactly(Map.entry(Field.DEST, new AllowlistFilter.Pattern.Exact("*")));
    assertThat(Detection.builder().addFilter(exact).build().evaluate(events).results())
        .extracting(x -> x.get(Field.DEST)).containsExactly("EXACT:dev-7");
  }

  @Test
  void expiredEntry_noLongerSuppresses_andIsReported() {
    String json = """
        {"entries": [
          {"match": {"dest": "*"}, "reason": "old", "owner": "o", "expires": "2026-11-26"},
          {"match": {"dest": "fin-*"}, "reason": "today is still valid", "owner": "o", "expires": "2026-11-27"}]}""";
    AllowlistFilter f = AllowlistFilter.parse(json, "allow.json", NOW);
    assertThat(f.expiredEntries()).extracting(AllowlistFilter.Entry::index).containsExactly(1);
    assertThat(f.entries()).extracting(AllowlistFilter.Entry::index).containsExactly(2);
    DetectionReport r = Detection.builder().addFilter(f).build().evaluate(EVENTS);
    assertThat(r.results()).extracting(x -> x.get(Field.DEST)).containsExactly("DEV-LAPTOP-7");
  }

  @Test
  void malformedFiles_areClearErrors_namingEntryAndField() {
    assertThatThrownBy(() -> AllowlistFilter.parse("{\"entries\": [", "a.json", NOW))
        .isInstanceOf(AllowlistException.class).hasMessageContaining("a.json").hasMessageContaining("line 1");
    assertThatThrownBy(() -> AllowlistFilter.parse("[]", "a.json", NOW))
        .isInstanceOf(AllowlistException.class).hasMessageContaining("\"entries\"");
    assertThatThrownBy(() -> AllowlistFilter.parse("""
        {"entries": [{"match": {"dest": "x"}, "reason": "r", "owner": "o"},
                     {"match": {"host": "x"}, "reason": "r", "owner": "o"}]}""", "a.json", NOW))
        .isInstanceOf(AllowlistException.class).hasMessageContaining("entry 2").hasMessageContaining("match.host");
    assertThatThrownBy(() -> AllowlistFilter.parse("""
        {"entries": [{"match": {"dest": "x"}, "owner": "o"}]}""", "a.json", NOW))
        .hasMessageContaining("entry 1, field 'reason'");
    assertThatThrownBy(() -> AllowlistFilter.parse("""
        {"entries": [{"match": {"dest": "x"}, "reason": "r", "owner": "o", "expires": "next year"}]}""", "a.json", NOW))
        .hasMessageContaining("field 'expires'").hasMessageContaining("next year");
    assertThatThrownBy(() -> AllowlistFilter.parse("""
        {"entries": [{"match": {"dest": 5}, "reason": "r", "owner": "o"}]}""", "a.json", NOW))
        .hasMessageContaining("match.dest");
    assertThatThrownBy(() -> AllowlistFilter.parse("""
        {"entries": [{"match": {}, "reason": "r", "owner": "o"}]}""", "a.json", NOW))
        .hasMessageContaining("field 'match'");
    assertThatThrownBy(() -> AllowlistFilter.parse("""
        {"entries": [{"match": {"dest": "x"}, "reason": "r", "owner": "o", "expiry": "2027-01-01"}]}""", "a.json", NOW))
        .hasMessageContaining("field 'expiry': unknown");
  }

  @Test
  void load_readsAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("allow.json");
    Files.writeString(file, """
        {"entries": [{"match": {"dest": "fin-server"}, "reason": "r", "owner": "o"}]}""");
    assertThat(AllowlistFilter.load(file, NOW).entries()).hasSize(1);
  }

  /** Issue 12, item 3: last-wins duplicate keys let an entry suppress every row. */
  @Test
  void duplicateKeys_anywhere_areRefused() {
    for (String json : new String[] {
        """
        {"entries": [{"match": {"dest": "nothing-matches", "dest": "*"}, "reason": "r", "owner": "o"}]}""",
        """
        {"entries": [{"match": {"dest": "x"}, "reason": "r", "reason": "s", "owner": "o"}]}""",
        """
        {"entries": [], "entries": [{"match": {"dest": "*"}, "reason": "r", "owner": "o"}]}"""}) {
      assertThatThrownBy(() -> AllowlistFilter.parse(json, "a.json", NOW))
          .isInstanceOf(AllowlistException.class).hasMessageContaining("a.json").hasMessageContaining("appears twice");
    }
    assertThatThrownBy(() -> AllowlistFilter.parse("""
        {"entries": [{"match": {"dest": "a", "dest": "*"}, "reason": "r", "owner": "o"}]}""", "a.json", NOW))
        .hasMessage("a.json: the key 'dest' appears twice in one object at line 1, column 44");
  }

  /** Issue 12, item 3: hostile files are AllowlistExceptions, not NullPointerExceptions or stack overflows. */
  @Test
  void hostileFiles_deepNestingHugeNumbersAndStrings_areAllowlistExceptions() {
    String deep = "{\"entries\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    String number = "{\"entries\": [], \"n\": 1" + "0".repeat(10_000) + "}";
    String string = "{\"entries\": [], \"s\": \"" + "x".repeat(2 << 20) + "\"}";
    for (String json : new String[] {deep, number, string}) {
      assertThatThrownBy(() -> AllowlistFilter.parse(json, "a.json", NOW))
          .isInstanceOf(AllowlistException.class).hasMessageContaining("a.json: beyond a limit");
    }
  }

  @Test
  void load_ofAFileThatIsNotUtf8_isAnAllowlistException(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("allow.json");
    Files.write(file, new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'});
    assertThatThrownBy(() -> AllowlistFilter.load(file, NOW))
        .isInstanceOf(AllowlistException.class).hasMessage(file + ": not UTF-8");
  }
}
