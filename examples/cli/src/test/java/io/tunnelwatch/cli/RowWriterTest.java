// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RowWriterTest {
  private static Map<String, Object> row(String process, long count) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dest", "WKS-1");
    m.put("process", process);
    m.put("count", count);
    return m;
  }

  private static String write(OutputFormat format, List<String> columns, List<Map<String, Object>> rows) {
    StringWriter s = new StringWriter();
    RowWriter w = RowWriter.of(format, new PrintWriter(s), columns);
    rows.forEach(w::write);
    w.finish();
    return s.toString();
  }

  @Test
  void csv_quotesOnlyWhatRfc4180Requires() {
    String out = write(OutputFormat.CSV, List.of("dest", "process", "count"),
        List.of(row("a.exe -x", 1), row("say \"hi\", then\nleave", 12)));
    assertThat(out).isEqualTo("""
        dest,process,count\r
        WKS-1,a.exe -x,1\r
        WKS-1,"say ""hi"", then
        leave",12\r
        """);
  }

  @Test
  void jsonl_writesEveryKeyWhateverTheColumns() {
    String out = write(OutputFormat.JSONL, List.of("dest"), List.of(row("C:\\a b\\devtunnel.exe host", 2)));
    assertThat(out).isEqualTo("{\"dest\":\"WKS-1\",\"process\":\"C:\\\\a b\\\\devtunnel.exe host\",\"count\":2}\n");
  }

  @Test
  void table_alignsColumnsAndRightAlignsCount() {
    String out = write(OutputFormat.TABLE, List.of("count", "dest", "process"),
        List.of(row("a.exe", 3), row("longer.exe --flag", 120)));
    assertThat(out).isEqualTo("""
        count  dest   process
        -----  -----  -----------------
            3  WKS-1  a.exe
          120  WKS-1  longer.exe --flag
        """);
  }

  @Test
  void table_cutsLongValuesWithAnEllipsisAndBlanksControlCharacters() {
    String longValue = "x".repeat(RowWriter.Table.MAX_WIDTH + 5);
    assertThat(RowWriter.Table.cell(longValue))
        .hasSize(RowWriter.Table.MAX_WIDTH)
        .endsWith("x\u2026");
    assertThat(RowWriter.Table.cell("a\tb\r\nc")).isEqualTo("a b  c");
    assertThat(RowWriter.Table.cell("x".repeat(RowWriter.Table.MAX_WIDTH))).doesNotContain("\u2026");
  }

  @Test
  void table_saysSoWhenThereIsNoRow() {
    assertThat(write(OutputFormat.TABLE, List.of("dest"), List.of())).isEqualTo("No result rows.\n");
  }

  @Test
  void csv_putsAQuoteBeforeEveryCellASpreadsheetWouldRun() {
    List<Map<String, Object>> rows = List.of(row("=HYPERLINK(\"http://x\",\"y\")", 1), row("+1", 2), row("-p 80", 3),
        row("@SUM(A1)", 4), row("\tcmd", 5), row("\r=1", 6), row("a=b", 7), row("", 8));
    assertThat(write(OutputFormat.CSV, List.of("process", "count"), rows)).isEqualTo("""
        process,count\r
        "'=HYPERLINK(""http://x"",""y"")",1\r
        '+1,2\r
        '-p 80,3\r
        '@SUM(A1),4\r
        '\tcmd,5\r
        "'\r=1",6\r
        a=b,7\r
        ,8\r
        """);
  }

  @Test
  void rawCsv_keepsFormulasAsTheyAre() {
    StringWriter s = new StringWriter();
    RowWriter w = RowWriter.rawCsv(new PrintWriter(s), List.of("process"));
    w.write(row("=1+1", 1));
    w.write(row("-p 80", 1));
    w.finish();
    assertThat(s.toString()).isEqualTo("process\r\n=1+1\r\n-p 80\r\n");
  }

  @Test
  void printable_blanksEveryControlCharacterAndKeepsTheRest() {
    assertThat(RowWriter.printable("a\u001b[2Jb\u0007c\u009bd\u007fe\r\n\u00e9\u2026"))
        .isEqualTo("a [2Jb c d e  \u00e9\u2026");
  }

  @Test
  void csv_keepsTheFullValueThatTheTableWouldCut() {
    String longValue = "y".repeat(RowWriter.Table.MAX_WIDTH * 2);
    assertThat(write(OutputFormat.CSV, List.of("process"), List.of(row(longValue, 1))))
        .isEqualTo("process\r\n" + longValue + "\r\n");
  }
}
