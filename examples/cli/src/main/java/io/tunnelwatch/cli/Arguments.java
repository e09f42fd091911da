// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command line's grammar, by the table of options in {@link CliOption}; written by hand because
 * picocli cost more start-up than the rest of a small scan (BENCHMARKS.md, "Command line parsing:
 * picocli against the hand parser"). It accepts what picocli 4.7
 * accepted for these commands, with its messages: {@code --opt=value} and {@code --opt value},
 * {@code -ocsv} and {@code -o=csv}, clusters such as {@code -vh}, {@code --} ending the options,
 * {@code @file} arguments, {@code --[no-]progress}, {@code --flag=true|false}; an option given
 * twice (except a repeatable one, {@code --columns}) is an error, help and version win over a
 * missing {@code FILE} and unknown options. An option given where it does nothing (outside its
 * {@link CliOption.Scope}) is an error naming the option and the output.
 */
final class Arguments {
  /** What a command line asks for. */
  enum Request {
    /** {@code tunnelwatch --help}. */
    HELP,
    /** {@code tunnelwatch scan --help}. */
    SCAN_HELP,
    /** {@code --version} of either command. */
    VERSION,
    /** A scan with the options set on the {@link ScanCommand}. */
    SCAN
  }

  /** {@code tunnelwatch help [COMMAND]}: the help of a command, as picocli's help command gave it. */
  private static final String HELP_COMMAND = "help";

  private final String command;
  private final @Nullable ScanCommand scan;
  private final EnumSet<CliOption> seen = EnumSet.noneOf(CliOption.class);
  private final List<String> unmatched = new ArrayList<>();
  private int firstUnmatched = -1;
  private @Nullable String cluster; // the cluster an unknown letter came from: "-vx"
  private boolean help;
  private boolean version;

  private Arguments(String command, @Nullable ScanCommand scan) {
    this.command = command;
    this.scan = scan;
  }

  /**
   * Reads {@code args} into {@code scan}'s options.
   *
   * @throws UsageException naming the command and what is wrong
   */
  static Request parse(String[] args, ScanCommand scan) throws UsageException {
    String[] all = expandArgumentFiles(args);
    Arguments top = new Arguments("tunnelwatch", null);
    int commandAt = top.read(all, 0);
    boolean helpCommand = commandAt < all.length && all[commandAt].equals(HELP_COMMAND);
    Arguments sub = null;
    if (commandAt < all.length && !helpCommand) {
      sub = new Arguments("tunnelwatch scan", scan);
      sub.read(all, commandAt + 1);
    }
    if (top.help) {
      return Request.HELP;
    }
    if (top.version) {
      return Request.VERSION;
    }
    if (helpCommand) {
      top.failOnUnmatched();
      return top.helpOf(Arrays.asList(all).subList(commandAt + 1, all.length));
    }
    if (sub != null && sub.help) {
      return Request.SCAN_HELP;
    }
    if (sub != null && sub.version) {
      return Request.VERSION;
    }
    if (sub != null && scan.files.isEmpty()) {
      throw sub.error("Missing required parameter: 'FILE'");
    }
    top.failOnUnmatched();
    if (sub == null) {
      throw top.error("missing command; the commands are 'scan' and 'help'");
    }
    sub.failOnUnmatched();
    sub.failOnInapplicable(scan);
    return Request.SCAN;
  }

  /**
   * Refuses an option given where it does nothing ({@code --raw-csv} with {@code -o table}): the
   * output would not be what the user asked for, and nothing would say so.
   */
  private void failOnInapplicable(ScanCommand s) throws UsageException {
    for (CliOption o : seen) {
      CliOption.Scope scope = o.scope;
      String refusal = scope == null ? null : scope.refusal(o, s);
      if (refusal != null) {
        throw error(refusal);
      }
    }
  }

  /**
   * The request of {@code tunnelwatch help ARGS}: no argument (or {@code help}, {@code -h},
   * {@code --help}) is the help of {@code tunnelwatch}, {@code scan} that of {@code scan}.
   */
  private Request helpOf(List<String> args) throws UsageException {
    if (args.isEmpty() || (args.size() == 1 && List.of(HELP_COMMAND, "-h", "--help").contains(args.get(0)))) {
      return Request.HELP;
    }
    if (args.size() > 1) {
      throw error("help takes one command but was given " + args.size() + ": '" + String.join("', '", args) + "'");
    }
    if (args.get(0).equals("scan")) {
      return Request.SCAN_HELP;
    }
    throw error("help: no command '" + args.get(0) + "'; the commands are 'scan' and 'help'");
  }

  /**
   * Reads this command's arguments from {@code from} on; returns where the {@code scan} or
   * {@code help} command starts (top command) or {@code args.length}.
   */
  private int read(String[] args, int from) throws UsageException {
    boolean endOfOptions = false;
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (!endOfOptions && a.equals("--")) {
        endOfOptions = true;
      } else if (!endOfOptions && resemblesOption(a)) {
        i = option(args, i);
      } else if (scan != null) {
        scan.files.add(a);
      } else if (!endOfOptions && (a.equals("scan") || a.equals(HELP_COMMAND))) {
        return i;
      } else {
        unmatched(i, a);
      }
    }
    return args.length;
  }

  /** Reads the option at {@code i}; returns the index of its last argument (its value's). */
  private int option(String[] args, int i) throws UsageException {
    String a = args[i];
    if (a.startsWith("--")) {
      int eq = a.indexOf('=');
      String name = eq < 0 ? a : a.substring(0, eq);
      CliOption o = find(name);
      if (o == null) {
        unmatched(i, a);
        return i;
      }
      return apply(o, !name.equals(o.longName), eq < 0 ? null : a.substring(eq + 1), args, i);
    }
    if (find(a.charAt(1)) == null) {
      unmatched(i, a);
      return i;
    }
    // A cluster of one-letter options: -vh, -vocsv, -o=csv.
    for (int j = 1; j < a.length(); j++) {
      CliOption o = find(a.charAt(j));
      if (o == null) {
        unmatched(i, "-" + a.charAt(j));
        cluster = a;
        return i;
      }
      String rest = a.substring(j + 1);
      String value = rest.startsWith("=") ? rest.substring(1) : rest;
      if (o.label != null) {
        return apply(o, false, rest.isEmpty() ? null : value, args, i);
      }
      if (rest.startsWith("=")) {
        return apply(o, false, value, args, i);
      }
      apply(o, false, null, args, i);
    }
    return i;
  }

  private int apply(CliOption o, boolean negated, @Nullable String attached, String[] args, int i)
      throws UsageException {
    if (!seen.add(o) && !o.repeatable) {
      throw error("option '" + o.longName + "'" + (o.label == null ? "" : " (" + o.label + ")")
          + " should be specified only once");
    }
    String label = o.label;
    if (label == null) {
      boolean value = attached == null || bool(o, attached);
      flag(o, negated != value);
      return i;
    }
    String value;
    int last = i;
    if (attached != null) {
      value = attached;
    } else if (i + 1 < args.length) {
      value = args[i + 1];
      last = i + 1;
    } else {
      throw error("Missing required parameter for option '" + o.longName + "' (" + label + ")");
    }
    if (isOption(value)) {
      throw error("Expected parameter for option '" + o.longName + "' but found '" + value + "'");
    }
    try {
      set(o, value);
    } catch (IllegalArgumentException e) {
      throw error("Invalid value for option '" + o.longName + "': " + e.getMessage());
    }
    return last;
  }

  private boolean bool(CliOption o, String value) throws UsageException {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw error("Invalid value for option '" + o.longName + "': '" + value + "' is not a boolean");
  }

  private void flag(CliOption o, boolean value) {
    // Like picocli: --help=false still asks for help.
    if (o == CliOption.HELP) {
      help = true;
      return;
    }
    if (o == CliOption.VERSION) {
      version = true;
      return;
    }
    CliOption.FlagStore store = o.flagStore;
    if (store == null) {
      throw new IllegalStateException("not a flag: " + o.longName);
    }
    store.set(scanCommand(), value);
  }

  /** Converts and stores a value; the converters throw IllegalArgumentException with the message. */
  private void set(CliOption o, String value) {
    CliOption.Store store = o.store;
    if (store == null) {
      throw new IllegalStateException("not an option with a value: " + o.longName);
    }
    store.set(scanCommand(), value);
  }

  private ScanCommand scanCommand() {
    if (scan == null) {
      throw new IllegalStateException("a scan option on the top command");
    }
    return scan;
  }

  /** The option of this command named {@code name}, or by {@code --no-NAME} the negatable {@code --NAME}. */
  private @Nullable CliOption find(String name) {
    for (CliOption o : CliOption.values()) {
      if ((scan != null || o.topCommand) && (o.longName.equals(name) || (o.negatable && name.startsWith("--no-")
          && name.length() > 5 && o.longName.equals("--" + name.substring(5))))) {
        return o;
      }
    }
    return null;
  }

  private @Nullable CliOption find(char letter) {
    for (CliOption o : CliOption.values()) {
      if ((scan != null || o.topCommand) && o.letter == letter && letter != ' ') {
        return o;
      }
    }
    return null;
  }

  /** Whether a value is rather an option of this command (picocli refuses those as values). */
  private boolean isOption(String value) {
    if (value.equals("--")) {
      return true;
    }
    int eq = value.indexOf('=');
    if (find(eq < 0 ? value : value.substring(0, eq)) != null) {
      return true;
    }
    return value.length() > 1 && value.charAt(0) == '-' && find(value.charAt(1)) != null;
  }

  /** Starts with a dash and is not a negative number or a lone dash (standard input). */
  static boolean resemblesOption(String arg) {
    if (arg.length() < 2 || arg.charAt(0) != '-') {
      return false;
    }
    boolean digit = false;
    boolean point = false;
    for (int i = 1; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return true;
      }
    }
    return !digit;
  }

  private void unmatched(int index, String arg) {
    if (firstUnmatched < 0) {
      firstUnmatched = index;
    }
    unmatched.add(arg);
  }

  private void failOnUnmatched() throws UsageException {
    if (unmatched.isEmpty()) {
      return;
    }
    String list = "'" + String.join("', '", unmatched) + "'";
    boolean one = unmatched.size() == 1;
    for (String u : unmatched) {
      if (resemblesOption(u)) {
        throw error((one ? "Unknown option: " : "Unknown options: ") + list
            + (one && cluster != null ? " (while processing option: '" + cluster + "')" : ""));
      }
    }
    throw error((one ? "Unmatched argument at index " : "Unmatched arguments from index ") + firstUnmatched + ": "
        + list);
  }

  private UsageException error(String message) {
    return new UsageException(command, message);
  }

  /**
   * Replaces each {@code @file} argument naming an existing file by the arguments in it: separated
   * by white space, quoted with {@code "} or {@code '} to hold spaces, {@code #} starting a comment
   * line. An {@code @name} that is not a file stays an argument.
   */
  static String[] expandArgumentFiles(String[] args) throws UsageException {
    List<String> all = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      Path file = a.length() > 1 && a.charAt(0) == '@' ? Path.of(a.substring(1)) : null;
      if (file == null || !Files.isRegularFile(file)) {
        if (all != null) {
          all.add(a);
        }
        continue;
      }
      if (all == null) {
        all = new ArrayList<>(Arrays.asList(args).subList(0, i));
      }
      try {
        tokenize(Files.readString(file), all);
      } catch (IOException e) {
        throw new UsageException("tunnelwatch", "Could not read argument file " + file + ": " + Input.describe(e));
      }
    }
    return all == null ? args : all.toArray(new String[0]);
  }

  private static void tokenize(String text, List<String> into) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'') {
        int end = text.indexOf(c, i + 1);
        end = end < 0 ? n : end;
        into.add(text.substring(i + 1, end));
        i = end + 1;
      } else {
        int start = i;
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        into.add(text.substring(start, i));
      }
    }
  }
}
