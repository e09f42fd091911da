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
 * The command line's grammar, written out by hand because picocli's start-up (about 170 classes,
 * annotation reflection) cost more than the rest of a small scan. It accepts what picocli 4.7
 * accepted for these commands, with its messages: {@code --opt=value} and {@code --opt value},
 * {@code -ocsv} and {@code -o=csv}, clusters such as {@code -vh}, {@code --} ending the options,
 * {@code @file} arguments, {@code --[no-]progress}, {@code --flag=true|false}; an option given
 * twice (except {@code --columns}) is an error, help and version win over a missing {@code FILE}
 * and unknown options.
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

  /** An option of either command; {@code label} is null for a flag. */
  private enum Option {
    OUTPUT('o', "--output", "FORMAT"),
    COLUMNS(' ', "--columns", "NAME"),
    ZONE(' ', "--zone", "ZONE"),
    TIME_FORMAT(' ', "--time-format", "FORMAT"),
    SOURCE_ZONE(' ', "--source-zone", "ZONE"),
    EARLIEST(' ', "--earliest", "INSTANT"),
    LATEST(' ', "--latest", "INSTANT"),
    SCHEDULE(' ', "--schedule", null),
    MAX_CLOCK_SKEW(' ', "--max-clock-skew", "DURATION"),
    ANNOTATE(' ', "--annotate", null),
    RISK(' ', "--risk", "FILE"),
    RISK_OUTPUT(' ', "--risk-output", "FORMAT"),
    HEC_INDEX(' ', "--hec-index", "INDEX"),
    ALLOWLIST(' ', "--allowlist", "FILE"),
    PLUGINS(' ', "--plugins", "DIR"),
    RAW_CSV(' ', "--raw-csv", null),
    TEMP_DIR(' ', "--temp-dir", "DIR"),
    FILTER_TIMEOUT(' ', "--filter-timeout", "DURATION"),
    SHOW_SUPPRESSED(' ', "--show-suppressed", null),
    THROTTLE(' ', "--throttle", "DURATION"),
    THROTTLE_FIELDS(' ', "--throttle-fields", "NAME"),
    COVERAGE(' ', "--coverage", null),
    STRICT(' ', "--strict", null),
    NO_PREFILTER(' ', "--no-prefilter", null),
    FAIL_ON_DETECTION(' ', "--fail-on-detection", null),
    PROGRESS(' ', "--progress", null),
    VERBOSE('v', "--verbose", null),
    HELP('h', "--help", null),
    VERSION('V', "--version", null);

    final char letter;
    final String longName;
    final @Nullable String label;

    Option(char letter, String name, @Nullable String label) {
      this.letter = letter;
      this.longName = name;
      this.label = label;
    }

    boolean ofTopCommand() {
      return this == HELP || this == VERSION;
    }
  }

  private static final String NEGATED_PROGRESS = "--no-progress";

  /** {@code tunnelwatch help [COMMAND]}: the help of a command, as picocli's help command gave it. */
  private static final String HELP_COMMAND = "help";

  private final String command;
  private final @Nullable ScanCommand scan;
  private final EnumSet<Option> seen = EnumSet.noneOf(Option.class);
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
    return Request.SCAN;
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
      Option o = find(name);
      if (o == null) {
        unmatched(i, a);
        return i;
      }
      return apply(o, name.equals(NEGATED_PROGRESS), eq < 0 ? null : a.substring(eq + 1), args, i);
    }
    if (find(a.charAt(1)) == null) {
      unmatched(i, a);
      return i;
    }
    // A cluster of one-letter options: -vh, -vocsv, -o=csv.
    for (int j = 1; j < a.length(); j++) {
      Option o = find(a.charAt(j));
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

  private int apply(Option o, boolean negated, @Nullable String attached, String[] args, int i)
      throws UsageException {
    if (o != Option.COLUMNS) {
      if (!seen.add(o)) {
        throw error("option '" + o.longName + "'" + (o.label == null ? "" : " (" + o.label + ")")
            + " should be specified only once");
      }
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

  private boolean bool(Option o, String value) throws UsageException {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw error("Invalid value for option '" + o.longName + "': '" + value + "' is not a boolean");
  }

  private void flag(Option o, boolean value) {
    // Like picocli: --help=false still asks for help.
    if (o == Option.HELP) {
      help = true;
      return;
    }
    if (o == Option.VERSION) {
      version = true;
      return;
    }
    ScanCommand s = scanCommand();
    switch (o) {
      case SCHEDULE -> s.schedule = value;
      case RAW_CSV -> s.rawCsv = value;
      case ANNOTATE -> s.annotate = value;
      case SHOW_SUPPRESSED -> s.showSuppressed = value;
      case COVERAGE -> s.coverage = value;
      case STRICT -> s.strict = value;
      case NO_PREFILTER -> s.noPrefilter = value;
      case FAIL_ON_DETECTION -> s.failOnDetection = value;
      case PROGRESS -> s.progress = value;
      case VERBOSE -> s.verbose = value;
      default -> throw new IllegalStateException("not a flag: " + o.longName);
    }
  }

  /** Converts and stores a value; the converters throw IllegalArgumentException with the message. */
  private void set(Option o, String value) {
    ScanCommand s = scanCommand();
    switch (o) {
      case OUTPUT -> s.output = Converters.output(value);
      case COLUMNS -> s.columns.addAll(Arrays.asList(value.split(",")));
      case ZONE -> s.zone = Converters.zone(value);
      case TIME_FORMAT -> s.timeFormat = Converters.timeFormat(value);
      case SOURCE_ZONE -> s.sourceZone = Converters.zone(value);
      case EARLIEST -> s.earliest = Converters.time(value);
      case LATEST -> s.latest = Converters.time(value);
      case MAX_CLOCK_SKEW -> s.maxClockSkew = Converters.duration(value);
      case RISK -> s.risk = Path.of(value);
      case RISK_OUTPUT -> s.riskOutput = Converters.riskOutput(value);
      case HEC_INDEX -> s.hecIndex = Converters.hecIndex(value);
      case ALLOWLIST -> s.allowlist = Path.of(value);
      case PLUGINS -> s.plugins = Path.of(value);
      case TEMP_DIR -> s.tempDir = Path.of(value);
      case FILTER_TIMEOUT -> s.filterTimeout = Converters.positiveDuration(value);
      case THROTTLE -> s.throttle = Converters.positiveDuration(value);
      case THROTTLE_FIELDS -> s.throttleFields = Converters.fields(value);
      default -> throw new IllegalStateException("not an option with a value: " + o.longName);
    }
  }

  private ScanCommand scanCommand() {
    if (scan == null) {
      throw new IllegalStateException("a scan option on the top command");
    }
    return scan;
  }

  private @Nullable Option find(String name) {
    String n = name.equals(NEGATED_PROGRESS) ? Option.PROGRESS.longName : name;
    for (Option o : Option.values()) {
      if ((scan != null || o.ofTopCommand()) && o.longName.equals(n)) {
        return o;
      }
    }
    return null;
  }

  private @Nullable Option find(char letter) {
    for (Option o : Option.values()) {
      if ((scan != null || o.ofTopCommand()) && o.letter == letter && letter != ' ') {
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
