package io.tunnelwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command; its one job is {@code scan}. */
@Command(
    name = "tunnelwatch",
    mixinStandardHelpOptions = true,
    versionProvider = TunnelwatchCommand.Version.class,
    description = "Runs Splunk's \"Windows Devtunnels Execution\" detection (MITRE ATT&CK T1090) over exported logs.",
    commandListHeading = "%nCommands:%n")
final class TunnelwatchCommand implements Runnable {
  // Injected by picocli; initialised so that the field is never null for NullAway.
  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command; the command is 'scan'");
  }

  /** The version from the build. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = TunnelwatchCommand.class.getResourceAsStream("/tunnelwatch-cli.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {"tunnelwatch " + p.getProperty("version", "(unknown version)")};
    }
  }
}
