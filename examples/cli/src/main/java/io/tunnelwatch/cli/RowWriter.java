// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes result rows (ordered maps of column name to value) in one {@link OutputFormat}. Rows may
 * carry more keys than the chosen columns; table and csv write the columns only, jsonl every key.
 */
abstract class RowWriter {
  final PrintWriter out;
  final List<String> columns;

  RowWriter(PrintWriter out, List<String> columns) {
    this.out = out;
    this.columns = List.copyOf(columns);
  }

  /** A writer of {@code format} to {@code out}; csv cells that a spreadsheet would run are neutralised. */
  static RowWriter of(OutputFormat format, PrintWriter out, List<String> columns) {
    return switch (format) {
      case TABLE -> new Table(out, columns);
      case JSONL -> new Jsonl(out, columns);
      case CSV -> new Csv(out, columns, true);
      case OCSF, HEC -> throw new IllegalArgumentException(format + " writes results, not rows: see ResultLines");
    };
  }

  /** A csv writer that keeps every cell as it is, formulas included ({@code --raw-csv}). */
  static RowWriter rawCsv(PrintWriter out, List<String> columns) {
    return new Csv(out, columns, false);
  }

  /**
   * {@code value} with each control character (C0, DEL, C1: escape sequences, carriage returns)
   * replaced by a space, so that log data written to a terminal cannot move the cursor, recolour
   * or rewrite what is shown.
   */
  static String printable(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.toString();
  }

  /** Writes (or buffers) one row. */
  abstract void write(Map<String, Object> row);

  /** Writes what is buffered; called once, after the last row. */
  abstract void finish();

  /** One JSON object per line, keys in the row's order. */
  static final class Jsonl extends RowWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    Jsonl(PrintWriter out, List<String> columns) {
      super(out, columns);
    }

    @Override
    void write(Map<String, Object> row) {
      try {
        out.print(MAPPER.writeValueAsString(row));
        out.print('\n');
      } catch (JsonProcessingException e) {
        // Maps of strings, numbers and booleans always serialise; this would be a bug.
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void finish() {}
  }

  /**
   * RFC 4180: header, CRLF, fields quoted when they hold a comma, quote, CR or LF. Unless raw, a cell
   * that starts with {@code = + - @}, tab or CR gets a {@code '} in front, as OWASP's CSV injection
   * advice says: a spreadsheet would run it as a formula ({@code =HYPERLINK(…)} in a command line).
   */
  static final class Csv extends RowWriter {
    /** The first characters that make a spreadsheet read a cell as a formula (OWASP). */
    static final String FORMULA_START = "=+-@\t\r";
    private final boolean neutralise;

    private Csv(PrintWriter out, List<String> columns, boolean neutralise) {
      super(out, columns);
      this.neutralise = neutralise;
      record(columns);
    }

    @Override
    void write(Map<String, Object> row) {
      List<String> values = new ArrayList<>(columns.size());
      for (String c : columns) {
        values.add(String.valueOf(row.get(c)));
      }
      record(values);
    }

    private void record(List<String> values) {
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.print(',');
        }
        String v = values.get(i);
        out.print(quote(neutralise ? neutralised(v) : v));
      }
      out.print("\r\n");
    }

    static String neutralised(String v) {
      return !v.isEmpty() && FORMULA_START.indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    }

    static String quote(String v) {
      if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
        return v;
      }
      return '"' + v.replace("\"", "\"\"") + '"';
    }

    @Override
    void finish() {}
  }

  /**
   * Aligned columns separated by two spaces, a dashed rule under the header; values longer than
   * {@link #MAX_WIDTH} end in an ellipsis, control characters become spaces. Buffers every row to
   * measure the columns.
   */
  static final class Table extends RowWriter {
    static final int MAX_WIDTH = 60;
    private static final String ELLIPSIS = "\u2026";
    private final List<String[]> rows = new ArrayList<>();

    Table(PrintWriter out, List<String> columns) {
      super(out, columns);
    }

    @Override
    void write(Map<String, Object> row) {
      String[] cells = new String[columns.size()];
      for (int i = 0; i < cells.length; i++) {
        cells[i] = cell(String.valueOf(row.get(columns.get(i))));
      }
      rows.add(cells);
    }

    static String cell(String value) {
      String s = printable(value);
      return s.length() <= MAX_WIDTH ? s : s.substring(0, MAX_WIDTH - 1) + ELLIPSIS;
    }

    @Override
    void finish() {
      if (rows.isEmpty()) {
        out.print("No result rows.\n");
        return;
      }
      int[] width = new int[columns.size()];
      String[] header = columns.stream().map(Table::cell).toArray(String[]::new);
      String[] rule = new String[header.length];
      for (int i = 0; i < width.length; i++) {
        width[i] = header[i].length();
        for (String[] r : rows) {
          width[i] = Math.max(width[i], r[i].length());
        }
        rule[i] = "-".repeat(width[i]);
      }
      line(header, width);
      line(rule, width);
      for (String[] r : rows) {
        line(r, width);
      }
    }

    private void line(String[] cells, int[] width) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          b.append("  ");
        }
        boolean number = columns.get(i).equals("count");
        String pad = " ".repeat(width[i] - cells[i].length());
        b.append(number ? pad + cells[i] : cells[i] + pad);
      }
      int end = b.length();
      while (end > 0 && b.charAt(end - 1) == ' ') {
        end--;
      }
      out.print(b.substring(0, end));
      out.print('\n');
    }
  }
}
