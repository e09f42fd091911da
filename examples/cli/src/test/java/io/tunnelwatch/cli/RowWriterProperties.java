// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Laws of the row writers over seeded random values (the seed is in the failure message). */
@ExtendWith(Seeds.class)
final class RowWriterProperties {
  private static final String ALPHABET = "ab,\"\r\n \t\u00e9\u2026x\\=+-@'";

  private static String randomValue(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(rnd.nextInt(10) == 0 ? 200 : 12);
    for (int i = 0; i < n; i++) {
      b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** A strict RFC 4180 reader: records end in CRLF, fields with a quote, comma, CR or LF are quoted. */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0) {
        i++;
        while (true) {
          char q = text.charAt(i++);
          if (q == '"') {
            if (i < text.length() && text.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(q);
          }
        }
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        i++;
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i += 2;
      } else {
        field.append(c);
        i++;
      }
    }
    assertThat(record).as("text ends with CRLF").isEmpty();
    return records;
  }

  /** What a spreadsheet would run as a formula (OWASP): a cell starting with = + - @ tab or CR. */
  private static boolean formula(String cell) {
    return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0;
  }

  /**
   * Writes random rows, raw or not; checks that they read back as the values written, each formula
   * behind a quote unless raw, and then that no cell read back would run.
   */
  private static void csvReadsBack(boolean raw) {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    int formulas = 0;
    for (int run = 0; run < 300; run++) {
      List<String> columns = List.of("a", "b", "c");
      List<List<String>> values = new ArrayList<>();
      StringWriter s = new StringWriter();
      PrintWriter out = new PrintWriter(s);
      RowWriter w = raw ? RowWriter.rawCsv(out, columns) : RowWriter.of(OutputFormat.CSV, out, columns);
      for (int r = rnd.nextInt(4); r > 0; r--) {
        Map<String, Object> row = new LinkedHashMap<>();
        List<String> read = new ArrayList<>();
        for (String c : columns) {
          String v = randomValue(rnd);
          row.put(c, v);
          formulas += formula(v) ? 1 : 0;
          read.add(!raw && formula(v) ? "'" + v : v);
        }
        values.add(read);
        w.write(row);
      }
      w.finish();
      List<List<String>> expected = new ArrayList<>();
      expected.add(columns);
      expected.addAll(values);
      List<List<String>> parsed = parseCsv(s.toString());
      assertThat(parsed).as("seed %d", seed).isEqualTo(expected);
      if (!raw) {
        assertThat(parsed).as("seed %d", seed).allSatisfy(rec -> assertThat(rec).noneMatch(RowWriterProperties::formula));
      }
    }
    assertThat(formulas).as("seed %d: formula cells generated", seed).isGreaterThan(50);
  }

  @Test
  void csv_readsBackAsTheValuesWritten_formulasBehindAQuote() {
    csvReadsBack(false);
  }

  @Test
  void rawCsv_readsBackAsTheValuesWritten() {
    csvReadsBack(true);
  }

  @Test
  void tableCell_isNeverWiderThanTheMaximumAndKeepsShortValues() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    for (int run = 0; run < 1000; run++) {
      String v = randomValue(rnd);
      String cell = RowWriter.Table.cell(v);
      assertThat(cell.length()).as("seed %d", seed).isLessThanOrEqualTo(RowWriter.Table.MAX_WIDTH);
      assertThat(cell.chars()).as("seed %d", seed).noneMatch(Character::isISOControl);
      if (v.length() <= RowWriter.Table.MAX_WIDTH) {
        assertThat(cell.length()).as("seed %d", seed).isEqualTo(v.length());
      } else {
        assertThat(cell).as("seed %d", seed).endsWith("\u2026");
      }
    }
  }
}
