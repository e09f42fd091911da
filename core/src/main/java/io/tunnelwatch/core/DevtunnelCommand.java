// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a devtunnel command line asks for, read from the grammar of Microsoft's devtunnel CLI
 * reference: the subcommand ({@code host}, {@code create}, {@code port create},
 * {@code access create}, {@code user login}, {@code connect}, {@code token}, ...), the ports it
 * names ({@code -p}, {@code --port-numbers}), whether it allows anonymous access
 * ({@code host}/{@code create} {@code -a}/{@code --allow-anonymous}, {@code access create}
 * {@code -a}/{@code --anonymous}), and for a login the provider ({@code -g} GitHub, {@code -e}
 * Entra, otherwise Microsoft) and whether it used a device code ({@code -d}). Parsing never fails:
 * a command line that is not a devtunnel command gives {@link #subcommand()} {@code ""}.
 *
 * @param subcommand the subcommand, words joined by a space ({@code port create}); empty when none
 *     was recognised
 * @param tunnelId the tunnel id the command names, or null
 * @param ports the port numbers it names, in order
 * @param anonymous true when it allows anonymous access
 * @param loginProvider for a login, {@code github}, {@code entra} or {@code microsoft}; else null
 * @param deviceCode for a login, true when it asks for device-code authentication
 * @since 0.1.0
 */
public record DevtunnelCommand(
    String subcommand,
    @Nullable String tunnelId,
    List<Integer> ports,
    boolean anonymous,
    @Nullable String loginProvider,
    boolean deviceCode) {

  /** The detection's own risk score, that of anything but the commands below. */
  public static final int BASE_RISK_SCORE = RiskEvent.SCORE;
  /** The risk score of a command that hosts a tunnel or opens a port on one (not anonymously). */
  public static final int HOSTING_RISK_SCORE = 30;
  /** The risk score of a command that lets anyone reach a tunnel without signing in. */
  public static final int ANONYMOUS_RISK_SCORE = 50;

  private static final Set<String> COMMANDS = Set.of("user", "login", "logout", "host", "create", "list", "show",
      "update", "delete", "delete-all", "port", "access", "connect", "token", "echo", "ping", "limits", "clusters",
      "set", "unset");
  private static final Set<String> GROUPS = Set.of("user", "port", "access");
  private static final Set<String> EXPOSING = Set.of("host", "create", "update", "port create", "port update",
      "access create");
  /** Options that take a value (the next argument), so that the value is not read as the tunnel id. */
  private static final Set<String> VALUED = Set.of("--protocol", "--expiration", "--description", "--tenant", "--org",
      "--scopes", "--labels", "--add-labels", "--remove-labels", "--tunnel-id", "--host-header", "--origin-header",
      "--port", "--access-token", "--cluster", "--name", "--domain");

  /** Validates the parts; copies the ports. */
  public DevtunnelCommand {
    Objects.requireNonNull(subcommand, "subcommand");
    ports = List.copyOf(ports);
  }

  /** Reads {@code commandLine}, a whole command line with the program as its first word. */
  public static DevtunnelCommand parse(String commandLine) {
    List<String> words = words(commandLine);
    List<String> sub = new ArrayList<>();
    String tunnelId = null;
    List<Integer> ports = new ArrayList<>();
    boolean anonymous = false;
    boolean github = false;
    boolean entra = false;
    boolean deviceCode = false;
    boolean readingPorts = false;
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      String lower = w.toLowerCase(Locale.ROOT);
      int eq = lower.indexOf('=');
      String option = lower.startsWith("-") && eq > 0 ? lower.substring(0, eq) : lower;
      String attached = lower.startsWith("-") && eq > 0 ? lower.substring(eq + 1) : null;
      if (option.startsWith("-")) {
        readingPorts = false;
        String s = String.join(" ", sub);
        switch (option) {
          case "-p", "--port-numbers" -> {
            readingPorts = attached == null;
            addPorts(attached, ports);
          }
          case "-a", "--allow-anonymous", "--anonymous" -> anonymous = true;
          case "-g", "--github" -> github = true;
          case "-e", "--entra" -> entra = true;
          case "-d", "--use-device-code-auth" -> {
            if (s.equals("user login") || s.equals("login")) {
              deviceCode = true;
            } else if (attached == null) {
              i++; // create/update -d DESCRIPTION
            }
          }
          default -> {
            if (VALUED.contains(option) && attached == null) {
              i++;
            }
          }
        }
      } else if (readingPorts && addPorts(lower, ports)) {
        // a further port number of -p 3000 5000
      } else if (sub.isEmpty() ? COMMANDS.contains(lower) : tunnelId == null && continuesCommand(sub, lower)) {
        sub.add(lower);
      } else if (tunnelId == null && !sub.isEmpty()) {
        tunnelId = w;
      }
    }
    String s = String.join(" ", sub);
    boolean login = s.equals("user login") || s.equals("login");
    String provider = login ? (github ? "github" : entra ? "entra" : "microsoft") : null;
    return new DevtunnelCommand(s, tunnelId, ports, anonymous && !login, provider, login && deviceCode);
  }

  private static boolean continuesCommand(List<String> sub, String word) {
    return sub.size() == 1 && GROUPS.contains(sub.get(0)) && !word.isEmpty() && Character.isLetter(word.charAt(0))
        && List.of("login", "logout", "show", "create", "list", "update", "delete", "reset").contains(word);
  }

  /** Adds the port numbers in {@code value} ({@code 8080}, {@code 3000,5000}); false when it holds none. */
  private static boolean addPorts(@Nullable String value, List<Integer> ports) {
    if (value == null) {
      return false;
    }
    boolean any = false;
    for (String p : value.split(",", -1)) {
      if (p.matches("\\d{1,5}") && Integer.parseInt(p) <= 65_535) {
        ports.add(Integer.parseInt(p));
        any = true;
      }
    }
    return any;
  }

  /**
   * The words of a Windows command line as {@code CommandLineToArgvW} splits it, simplified: white
   * space separates, double quotes group (and are removed), a backslash before a quote escapes it.
   */
  static List<String> words(String commandLine) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean inWord = false;
    for (int i = 0; i < commandLine.length(); i++) {
      char c = commandLine.charAt(i);
      if (c == '\\' && i + 1 < commandLine.length() && commandLine.charAt(i + 1) == '"') {
        w.append('"');
        i++;
        inWord = true;
      } else if (c == '"') {
        quoted = !quoted;
        inWord = true;
      } else if (!quoted && Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }

  /** The tunnel id, when the command names one. */
  public Optional<String> tunnel() {
    return Optional.ofNullable(tunnelId);
  }

  /** True when the command hosts a tunnel, creates or updates one, or opens a port or access to one. */
  public boolean exposes() {
    return EXPOSING.contains(subcommand);
  }

  /**
   * The documented risk modifier (README "What the devtunnel command does"):
   * {@link #ANONYMOUS_RISK_SCORE} when the command exposes a tunnel to anyone without sign-in,
   * {@link #HOSTING_RISK_SCORE} when it exposes one to signed-in users, otherwise the detection's
   * {@link #BASE_RISK_SCORE}, as for {@code user login}.
   */
  public int riskScore() {
    if (exposes() && anonymous) {
      return ANONYMOUS_RISK_SCORE;
    }
    return exposes() ? HOSTING_RISK_SCORE : BASE_RISK_SCORE;
  }

  /** One sentence for people: {@code devtunnel host: ports 8080; anonymous access allowed.} */
  public String describe() {
    if (subcommand.isEmpty()) {
      return "No devtunnel subcommand recognised in the command line.";
    }
    StringBuilder b = new StringBuilder("devtunnel ").append(subcommand);
    List<String> parts = new ArrayList<>();
    if (tunnelId != null) {
      parts.add("tunnel " + tunnelId);
    }
    if (!ports.isEmpty()) {
      StringBuilder p = new StringBuilder(ports.size() == 1 ? "port " : "ports ");
      for (int i = 0; i < ports.size(); i++) {
        p.append(i == 0 ? "" : ", ").append(ports.get(i));
      }
      parts.add(p.toString());
    }
    if (anonymous) {
      parts.add("anonymous access allowed");
    }
    if (loginProvider != null) {
      parts.add("sign-in with " + loginProvider + (deviceCode ? " by device code" : ""));
    }
    return b.append(parts.isEmpty() ? "" : ": " + String.join("; ", parts)).append('.').toString();
  }
}
