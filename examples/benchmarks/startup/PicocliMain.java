// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code tunnelwatch} with picocli 4.7's programmatic API parsing the same table of options
 * ({@link CliOption}) into the same {@link ScanCommand}: the other side of the start-up comparison
 * in examples/benchmarks/startup-parsers.sh (BENCHMARKS.md). Not built by Maven; the script compiles
 * it against tunnelwatch.jar and picocli, in the CLI's package so that it reaches the package's
 * classes on the class path. The programmatic API is picocli's cheaper form: no annotation
 * reflection, so the annotated form can only cost more.
 */
public final class PicocliMain {
  private PicocliMain() {}

  public static void main(String[] args) {
    PrintWriter out = new FailureKeepingWriter(new FileOutputStream(FileDescriptor.out));
    PrintWriter err = new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    ScanCommand scan = new ScanCommand(System.in, Main.stderrIsTerminal());
    CommandSpec top = CommandSpec.create().name("tunnelwatch").mixinStandardHelpOptions(true)
        .version(TunnelwatchCommand.version());
    CommandSpec sub = CommandSpec.create().name("scan").mixinStandardHelpOptions(true)
        .version(TunnelwatchCommand.version());
    for (CliOption o : CliOption.values()) {
      if (o.topCommand) {
        continue; // the standard help options
      }
      OptionSpec.Builder b = o.letter == CliOption.Spec.NONE ? OptionSpec.builder(o.longName)
          : OptionSpec.builder("-" + o.letter, o.longName);
      b.description(o.help).negatable(o.negatable);
      if (o.hasValue()) {
        b.paramLabel(String.valueOf(o.label)).arity("1");
        if (o.repeatable) {
          b.type(List.class).auxiliaryTypes(String.class).splitRegex(",");
        } else {
          b.type(String.class);
        }
      } else {
        b.type(boolean.class).arity("0..1");
      }
      sub.addOption(b.build());
    }
    sub.addPositional(PositionalParamSpec.builder().paramLabel("FILE").arity("1..*").type(List.class)
        .auxiliaryTypes(String.class).build());
    top.addSubcommand("scan", sub);
    CommandLine cl = new CommandLine(top);
    int status;
    try {
      ParseResult parsed = cl.parseArgs(args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        status = ExitStatus.OK;
      } else {
        ParseResult s = parsed.subcommand();
        if (s == null) {
          throw new CommandLine.ParameterException(cl, "missing command");
        }
        for (OptionSpec spec : s.matchedOptions()) {
          CliOption o = byName(spec.longestName());
          if (o.hasValue()) {
            for (String v : spec.stringValues()) {
              try {
                o.store.set(scan, v);
              } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "Invalid value for option '" + o.longName + "': "
                    + e.getMessage());
              }
            }
          } else {
            o.flagStore.set(scan, (Boolean) spec.getValue());
          }
        }
        for (OptionSpec spec : s.matchedOptions()) {
          CliOption o = byName(spec.longestName());
          String refusal = o.scope == null ? null : o.scope.refusal(o, scan);
          if (refusal != null) {
            throw new CommandLine.ParameterException(cl, refusal);
          }
        }
        List<String> files = s.matchedPositionalValue(0, List.of());
        scan.files.addAll(files);
        status = scan.call(out, err);
      }
    } catch (CommandLine.ParameterException e) {
      err.println("tunnelwatch scan: " + e.getMessage());
      status = ExitStatus.USAGE;
    }
    out.flush();
    err.flush();
    System.exit(status);
  }

  private static CliOption byName(String name) {
    for (CliOption o : CliOption.values()) {
      if (o.longName.equals(name)) {
        return o;
      }
    }
    throw new IllegalStateException(name);
  }
}
