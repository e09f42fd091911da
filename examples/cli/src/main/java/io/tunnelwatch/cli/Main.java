// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code tunnelwatch} executable: {@code java -jar tunnelwatch.jar scan [options] FILE...}.
 * Exit status: {@value ExitStatus#OK} completed, {@value ExitStatus#DETECTION} a row was found with
 * {@code --fail-on-detection}, {@value ExitStatus#USAGE} usage error, {@value ExitStatus#INPUT} an
 * input could not be read, an output could not be written, {@code --strict} stopped on a bad line,
 * or the scan ran out of memory or failed internally.
 */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // Output is UTF-8 whatever the platform encoding: rows carry Windows paths and user names.
    // PrintWriter swallows write errors; this one keeps why, so a full disk or a closed stdout exits 3.
    PrintWriter out = new FailureKeepingWriter(new FileOutputStream(FileDescriptor.out));
    PrintWriter err = new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    // A reading thread that fails hands its failure to the scan, which reports it in one line; the
    // JVM's default handler would add a stack trace.
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> { });
    int status = execute(args, System.in, out, err, stderrIsTerminal());
    out.flush();
    err.flush();
    System.exit(status);
  }

  /**
   * Whether standard error is a terminal, where the progress bar goes. On Linux, where standard error
   * points to is read from {@code /proc}, so the bar shows even when standard output is redirected
   * to a file; elsewhere, whether the process has a console.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return isTerminal(); // not Linux: no /proc
    }
  }

  /**
   * Whether the process talks to a terminal. {@link Console#isTerminal()} (Java 22) when present:
   * from Java 22 on, {@link System#console()} is not null for redirected streams either.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() is asked where it exists
  static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(Console.class.getMethod("isTerminal").invoke(console));
    } catch (NoSuchMethodException e) {
      return true; // Java 17 to 21: a console exists only for a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Runs the command line in this process, as the tests do; never calls {@link System#exit}.
   *
   * @param stdin what {@code -} reads
   * @param terminal whether standard error is a terminal (enables the progress bar)
   * @return the exit status
   */
  public static int execute(String[] args, InputStream stdin, PrintWriter out, PrintWriter err, boolean terminal) {
    ScanCommand scan = new ScanCommand(stdin, terminal);
    int status;
    try {
      status = switch (Arguments.parse(args, scan)) {
        case HELP -> help(out, err, HelpText.TUNNELWATCH);
        case SCAN_HELP -> help(out, err, HelpText.SCAN);
        case VERSION -> help(out, err, TunnelwatchCommand.version() + "\n");
        case SCAN -> run(scan, out, err);
      };
    } catch (UsageException e) {
      err.println(e.getMessage());
      status = ExitStatus.USAGE;
    }
    out.flush();
    err.flush();
    return status;
  }

  private static int help(PrintWriter out, PrintWriter err, String text) {
    out.print(text);
    if (out.checkError()) {
      err.println("tunnelwatch: cannot write standard output: " + FailureKeepingWriter.failure(out));
      return ExitStatus.INPUT;
    }
    return ExitStatus.OK;
  }

  private static int run(ScanCommand scan, PrintWriter out, PrintWriter err) {
    try {
      return scan.call(out, err);
    } catch (OutOfMemoryError e) {
      // Caught here, the scan's state is unreachable again: there is room for one line. Never 0 or
      // 1, which would pass for a clean result.
      out.flush();
      err.println("tunnelwatch: out of memory (" + e.getMessage() + "); give java a larger -Xmx");
      return ExitStatus.INPUT;
    } catch (RuntimeException | Error e) {
      // A bug, not a user error: one line, the stack trace only with --verbose.
      out.flush();
      err.println("tunnelwatch: internal error: " + e);
      if (scan.verbose) {
        e.printStackTrace(err);
      }
      return ExitStatus.INPUT;
    }
  }
}
