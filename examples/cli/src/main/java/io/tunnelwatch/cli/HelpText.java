// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The help texts, laid out from the table of options ({@link CliOption}) as picocli 4.7 laid them
 * out for an 80-column terminal: a synopsis, then one row per option, its description wrapped in
 * its own column. Built only when help is asked for.
 */
final class HelpText {
  private HelpText() {}

  private static final int WIDTH = 80;

  /** The widest name column of an option row: a longer name puts its description on the next line. */
  private static final int MAX_NAME_COLUMN = 22;

  /** What {@code scan} does, in the help of both commands. */
  private static final String SCAN_DESCRIPTION = """
      Reads Sysmon Event ID 1 and Security 4688 (.evtx files, XML exports, Splunk XmlWinEventLog
      lines, and JSON: evtx_dump, Elastic/Winlogbeat, NXLog and other flat EventData) and
      CrowdStrike FDR ProcessRollup2 (JSON lines), in any mix and gzipped or not, runs the detection
      (original_file_name=devtunnel.dll OR process_name=devtunnel.exe, aggregated like tstats) and
      writes one result row per group to standard output, a summary to standard error.""";

  private static final String FILES = """
      Log files (.gz read transparently), named pipes, directories (their *.evtx, *.xml, *.json,
      *.jsonl, *.ndjson, *.log, *.txt files, also rotated and gzipped, recursively), or - for
      standard input.""";

  private static final String EXIT_STATUS = """
      Exit status:
        0   the scan completed (with or without detections)
        1   --fail-on-detection and a result row was found
        2   usage error (unknown option, bad value, malformed allowlist)
        3   an input could not be read (or an output written), --strict stopped on
              a bad line, or the scan ran out of memory or failed internally
      """;

  /** {@code tunnelwatch --help}. */
  static final String TUNNELWATCH = tunnelwatch();

  /** {@code tunnelwatch scan --help}. */
  static final String SCAN = scan();

  private static String tunnelwatch() {
    StringBuilder b = new StringBuilder();
    List<CliOption> options = options(true);
    synopsis(b, "Usage: tunnelwatch ", options, "[COMMAND]");
    // 79: as picocli wrapped it
    wrap(b, "", "", WIDTH - 1, WIDTH - 1, """
        Runs Splunk's "Windows Devtunnels Execution" detection (MITRE ATT&CK T1090) over exported
        logs.""");
    optionRows(b, options);
    b.append("\nCommands:\n");
    row(b, "  scan", 8, WIDTH, SCAN_DESCRIPTION);
    row(b, "  help", 8, WIDTH, "Display help information about the specified command.");
    return b.append('\n').toString();
  }

  private static String scan() {
    StringBuilder b = new StringBuilder();
    List<CliOption> options = options(false);
    synopsis(b, "Usage: tunnelwatch scan ", options, "FILE...");
    wrap(b, "", "", WIDTH, WIDTH, SCAN_DESCRIPTION);
    b.append('\n');
    int column = nameColumn(options);
    row(b, "      FILE...", column, WIDTH, FILES);
    optionRows(b, options);
    return b.append('\n').append(EXIT_STATUS).toString();
  }

  /** The options of {@code tunnelwatch} itself ({@code top}) or of {@code scan}, in table order. */
  private static List<CliOption> options(boolean top) {
    List<CliOption> options = new ArrayList<>();
    for (CliOption o : CliOption.values()) {
      if (!top || o.topCommand) {
        options.add(o);
      }
    }
    return options;
  }

  /**
   * picocli's synopsis: the one-letter flags in one cluster, the other flags, the options with a
   * value (each group by name), the repeatable ones, then {@code last}; wrapped under the first.
   */
  private static void synopsis(StringBuilder b, String usage, List<CliOption> options, String last) {
    List<String> items = new ArrayList<>();
    StringBuilder letters = new StringBuilder();
    options.stream().filter(o -> !o.hasValue() && o.letter != CliOption.Spec.NONE)
        .sorted(Comparator.comparing((CliOption o) -> Character.toLowerCase(o.letter))
            .thenComparing(o -> Character.isUpperCase(o.letter)))
        .forEach(o -> letters.append(o.letter));
    if (letters.length() > 0) {
      items.add("[-" + letters + "]");
    }
    options.stream().filter(o -> !o.hasValue() && o.letter == CliOption.Spec.NONE)
        .sorted(Comparator.comparing(HelpText::sortKey))
        .forEach(o -> items.add("[" + o.helpName() + "]"));
    options.stream().filter(o -> o.hasValue() && !o.repeatable)
        .sorted(Comparator.comparing(HelpText::sortKey))
        .forEach(o -> items.add("[" + shortestName(o) + valueSuffix(o) + "]"));
    options.stream().filter(o -> o.repeatable)
        .sorted(Comparator.comparing(HelpText::sortKey))
        .forEach(o -> items.add("[" + shortestName(o) + valueSuffix(o) + "]..."));
    items.add(last);
    StringBuilder line = new StringBuilder(usage);
    String indent = " ".repeat(usage.length());
    boolean first = true;
    for (String item : items) {
      if (!first && line.length() + 1 + item.length() > WIDTH) {
        b.append(line).append('\n');
        line = new StringBuilder(indent);
        first = true;
      }
      line.append(first ? "" : " ").append(item);
      first = false;
    }
    b.append(line).append('\n');
  }

  /** How picocli orders names in the synopsis: by the one letter if there is one, else the long name. */
  private static String sortKey(CliOption o) {
    return o.letter != CliOption.Spec.NONE ? String.valueOf(o.letter) : o.longName.substring(2).toLowerCase(Locale.ROOT);
  }

  private static String shortestName(CliOption o) {
    return o.letter != CliOption.Spec.NONE ? "-" + o.letter : o.longName;
  }

  /** {@code =FORMAT}, or nothing for a flag. */
  private static String valueSuffix(CliOption o) {
    String label = o.helpLabel;
    return label == null ? "" : "=" + label;
  }

  private static void optionRows(StringBuilder b, List<CliOption> options) {
    int column = nameColumn(options);
    for (CliOption o : options) {
      String names = "  " + (o.letter == CliOption.Spec.NONE ? "    " : "-" + o.letter + ", ") + o.helpName()
          + valueSuffix(o);
      row(b, names, column, WIDTH, o.help);
    }
  }

  /** Where descriptions start: after the longest name that fits the name column, and two spaces. */
  private static int nameColumn(List<CliOption> options) {
    int longest = 0;
    for (CliOption o : options) {
      longest = Math.max(longest, (o.helpName() + valueSuffix(o)).length());
    }
    return 6 + Math.min(longest + 3, MAX_NAME_COLUMN);
  }

  /**
   * One row: {@code names}, then {@code text} from {@code column} on (on the next line when the
   * names reach it), its further lines indented two more; lines at most {@code width} long.
   */
  private static void row(StringBuilder b, String names, int column, int width, String text) {
    String first;
    if (names.length() + 2 <= column) {
      first = names + " ".repeat(column - names.length());
    } else {
      b.append(names).append('\n');
      first = " ".repeat(column);
    }
    wrap(b, first, " ".repeat(column + 2), WIDTH - 1, width, text);
  }

  /**
   * Appends {@code text}'s words, lines broken at spaces: the first line after {@code first} and
   * at most {@code firstWidth} long, the others after {@code indent} and at most {@code width}.
   */
  private static void wrap(StringBuilder b, String first, String indent, int firstWidth, int width, String text) {
    StringBuilder line = new StringBuilder(first);
    int lineWidth = firstWidth;
    boolean empty = true;
    for (String word : text.strip().split("\\s+")) {
      if (!empty && line.length() + 1 + word.length() > lineWidth) {
        b.append(line).append('\n');
        line = new StringBuilder(indent);
        lineWidth = width;
        empty = true;
      }
      line.append(empty ? "" : " ").append(word);
      empty = false;
    }
    b.append(line).append('\n');
  }
}
