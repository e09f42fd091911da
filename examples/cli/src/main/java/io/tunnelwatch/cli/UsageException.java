// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

/**
 * A command line that cannot run (exit status {@value ExitStatus#USAGE}); its message is the one
 * line for standard error: {@code tunnelwatch scan: <problem> (see 'tunnelwatch scan --help')}.
 */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param command the command that was wrong: {@code tunnelwatch} or {@code tunnelwatch scan}
   * @param problem what is wrong, naming the option and the value
   */
  UsageException(String command, String problem) {
    super(command + ": " + problem + " (see '" + command + " --help')");
  }
}
