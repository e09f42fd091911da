// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tunnelwatch.core.tck.Seeds;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The examples of Microsoft's devtunnel CLI reference (learn.microsoft.com, dev-tunnels/cli-commands), read. */
@ExtendWith(Seeds.class)
final class DevtunnelCommandTest {
  private static DevtunnelCommand parse(String commandLine) {
    return DevtunnelCommand.parse(commandLine);
  }

  @Test
  void userLogin_namesTheProviderAndDeviceCode() {
    assertThat(parse("devtunnel user login"))
        .isEqualTo(new DevtunnelCommand("user login", null, List.of(), false, "microsoft", false));
    assertThat(parse("devtunnel user login -g").loginProvider()).isEqualTo("github");
    assertThat(parse("devtunnel user login -e").loginProvider()).isEqualTo("entra");
    assertThat(parse("devtunnel user login -d")).satisfies(c -> {
      assertThat(c.deviceCode()).isTrue();
      assertThat(c.loginProvider()).isEqualTo("microsoft");
    });
    assertThat(parse("devtunnel user login -g -d")).satisfies(c -> {
      assertThat(c.loginProvider()).isEqualTo("github");
      assertThat(c.deviceCode()).isTrue();
    });
    assertThat(parse("devtunnel login --github").subcommand()).isEqualTo("login");
    assertThat(parse("\"C:\\Users\\dev\\Downloads\\devtunnel.exe\" user login -g").describe())
        .isEqualTo("devtunnel user login: sign-in with github.");
    assertThat(parse("devtunnel user login -g").riskScore()).isEqualTo(20);
  }

  @Test
  void host_readsPortsAndAnonymousAccess() {
    assertThat(parse("devtunnel host -p 3000"))
        .isEqualTo(new DevtunnelCommand("host", null, List.of(3000), false, null, false));
    assertThat(parse("devtunnel host -p 3000 5000").ports()).containsExactly(3000, 5000);
    assertThat(parse("devtunnel host -p 3000 --allow-anonymous").anonymous()).isTrue();
    assertThat(parse("devtunnel host -p 3000 -a").anonymous()).isTrue();
    assertThat(parse("devtunnel host -p 3000 --protocol https").ports()).containsExactly(3000);
    assertThat(parse("devtunnel host TUNNELID")).satisfies(c -> {
      assertThat(c.tunnel()).contains("TUNNELID");
      assertThat(c.ports()).isEmpty();
    });
    assertThat(parse("devtunnel.exe host -p 8080 --allow-anonymous").describe())
        .isEqualTo("devtunnel host: port 8080; anonymous access allowed.");
  }

  @Test
  void createPortAndAccess_readTheirGroupsWords() {
    assertThat(parse("devtunnel create -a")).satisfies(c -> {
      assertThat(c.subcommand()).isEqualTo("create");
      assertThat(c.anonymous()).isTrue();
    });
    assertThat(parse("devtunnel create myTunnelID -d 'my tunnel description'").tunnel()).contains("myTunnelID");
    assertThat(parse("devtunnel port create TUNNELID -p 3000 --protocol https")).isEqualTo(
        new DevtunnelCommand("port create", "TUNNELID", List.of(3000), false, null, false));
    assertThat(parse("devtunnel access create TUNNELID -p 3000 --anonymous")).isEqualTo(
        new DevtunnelCommand("access create", "TUNNELID", List.of(3000), true, null, false));
    assertThat(parse("devtunnel access create TUNNELID -a --expiration 2h").anonymous()).isTrue();
    assertThat(parse("devtunnel port list TUNNELID").subcommand()).isEqualTo("port list");
    assertThat(parse("devtunnel connect TUNNELID").tunnel()).contains("TUNNELID");
    assertThat(parse("devtunnel token TUNNELID --scopes connect").subcommand()).isEqualTo("token");
    assertThat(parse("devtunnel -v host").subcommand()).as("a global option first").isEqualTo("host");
  }

  @Test
  void riskScore_anonymousExposureOverHostingOverEverythingElse() {
    assertThat(parse("devtunnel host -p 8080 --allow-anonymous").riskScore()).isEqualTo(50);
    assertThat(parse("devtunnel access create T --anonymous").riskScore()).isEqualTo(50);
    assertThat(parse("devtunnel host -p 3389").riskScore()).isEqualTo(30);
    assertThat(parse("devtunnel port create T -p 22").riskScore()).isEqualTo(30);
    assertThat(parse("devtunnel user login -g").riskScore()).isEqualTo(20);
    assertThat(parse("devtunnel list").riskScore()).isEqualTo(20);
    assertThat(parse("devtunnel connect T -a").riskScore()).as("connect exposes nothing").isEqualTo(20);
  }

  @Test
  void renamedBinaries_andQuotedPaths_areReadByTheirArguments() {
    assertThat(parse("msupdate.exe host -p 3389 --allow-anonymous").riskScore()).isEqualTo(50);
    assertThat(parse("\"C:\\Program Files\\dev tunnel\\devtunnel.exe\" host -p=8080,8443").ports())
        .containsExactly(8080, 8443);
  }

  @Test
  void notADevtunnelCommand_givesNoSubcommand() {
    assertThat(parse("devtunnel.exe").subcommand()).isEmpty();
    assertThat(parse("").describe()).isEqualTo("No devtunnel subcommand recognised in the command line.");
    assertThat(parse("devtunnel.exe --help").subcommand()).isEmpty();
    assertThat(parse("devtunnel host -p 99999 -p abc").ports()).as("not port numbers").isEmpty();
  }

  @Test
  void parse_neverThrows_onAnyText() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    String[] pieces = {"devtunnel", "host", "user", "login", "-p", "-d", "-a", "--protocol", "\"", "\\\"", " ", "\t",
        "=", ",", "8080", "port", "create", "access", "-", "--", "\u0000", "\uD83D"};
    for (int i = 0; i < 5000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = r.nextInt(12); n > 0; n--) {
        b.append(pieces[r.nextInt(pieces.length)]).append(r.nextBoolean() ? " " : "");
      }
      String line = b.toString();
      assertThatCode(() -> parse(line).describe()).as("seed %d: %s", seed, line).doesNotThrowAnyException();
    }
  }
}
