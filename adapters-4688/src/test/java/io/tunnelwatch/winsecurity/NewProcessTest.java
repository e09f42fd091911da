// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class NewProcessTest {
  private static final String CMD = "C:\\Windows\\System32\\cmd.exe";
  private static final String SPACED = "C:\\Program Files\\Tool\\tool.exe";

  @Test
  void process_isTheCommandLine_whenItsFirstTokenHasABackslash() {
    assertThat(NewProcess.process("\"C:\\Windows\\system32\\cmd.exe\" /c dir", CMD)).isEqualTo("\"C:\\Windows\\system32\\cmd.exe\" /c dir");
    assertThat(NewProcess.process("C:\\Windows\\system32\\cmd.exe", CMD)).isEqualTo("C:\\Windows\\system32\\cmd.exe");
    assertThat(NewProcess.process("  .\\cmd.exe /c  ", CMD)).isEqualTo("  .\\cmd.exe /c  ");
  }

  @Test
  void process_isTheNewProcessNameAndTheArguments_otherwise() {
    assertThat(NewProcess.process("cmd /c del x", CMD)).isEqualTo(CMD + " /c del x");
    assertThat(NewProcess.process("\"cmd.exe\" -u demo\\admin -p x ", CMD)).isEqualTo(CMD + " -u demo\\admin -p x ");
    assertThat(NewProcess.process("tool   a\tb", SPACED)).isEqualTo("\"" + SPACED + "\" a\tb");
    assertThat(NewProcess.process("whoami", CMD)).isEqualTo(CMD);
    assertThat(NewProcess.process("whoami   ", SPACED)).isEqualTo("\"" + SPACED + "\"");
    // An unclosed or empty quote is no quoted token: the first token runs to the next white space.
    assertThat(NewProcess.process("\"cmd /c x", CMD)).isEqualTo(CMD + " /c x");
    assertThat(NewProcess.process("\"\" x", CMD)).isEqualTo(CMD + " x");
    // The arguments stop at a line break, as the regex's '.' does.
    assertThat(NewProcess.process("cmd /c a\nb", CMD)).isEqualTo(CMD + " /c a");
  }

  @Test
  void process_withoutACommandLine_isTheNewProcessName_andWithoutANameTheCommandLine() {
    assertThat(NewProcess.process(null, SPACED)).isEqualTo(SPACED);
    assertThat(NewProcess.process("", SPACED)).isEqualTo(SPACED);
    assertThat(NewProcess.process("-", SPACED)).isEqualTo(SPACED);
    assertThat(NewProcess.process("   ", SPACED)).isEqualTo(SPACED);
    assertThat(NewProcess.process("cmd /c x", null)).isEqualTo("cmd /c x");
    assertThat(NewProcess.process(null, null)).isNull();
  }

  @Test
  void hexId_isLowerCaseWithoutLeadingZeros() {
    assertThat(NewProcess.hexId("0x00000F84")).isEqualTo("0xf84");
    assertThat(NewProcess.hexId("0xf84")).isEqualTo("0xf84");
    assertThat(NewProcess.hexId("0x0000000000000578")).isEqualTo("0x578");
    assertThat(NewProcess.hexId("0x0000")).isEqualTo("0x0");
    assertThat(NewProcess.hexId("0X1A")).isEqualTo("0x1a");
  }

  @Test
  void hexId_ofADecimalId_isThatIdInHex() {
    // DESIGN 4: forms that converted the id (Elastic's process.pid) write it in decimal.
    assertThat(NewProcess.hexId("3972")).isEqualTo("0xf84");
    assertThat(NewProcess.hexId("0")).isEqualTo("0x0");
    assertThat(NewProcess.hexId("000123")).isEqualTo("0x7b");
    assertThat(NewProcess.hexId("999999999999999999")).isEqualTo("0xde0b6b3a763ffff");
  }

  @Test
  void hexId_keepsAnythingElseVerbatim() {
    assertThat(NewProcess.hexId("1234567890123456789")).isEqualTo("1234567890123456789");
    assertThat(NewProcess.hexId("-12")).isEqualTo("-12");
    assertThat(NewProcess.hexId("0x")).isEqualTo("0x");
    assertThat(NewProcess.hexId("0x12g")).isEqualTo("0x12g");
    assertThat(NewProcess.hexId("0x\uFF11")).isEqualTo("0x\uFF11");
    assertThat(NewProcess.hexId(null)).isNull();
  }

  @Test
  void integrityLevel_mapsEverySidAndName() {
    String[][] table = {
      {"S-1-16-0", "Mandatory Label\\Untrusted Mandatory Level", "untrusted"},
      {"S-1-16-4096", "Mandatory Label\\Low Mandatory Level", "low"},
      {"S-1-16-8192", "Mandatory Label\\Medium Mandatory Level", "medium"},
      {"S-1-16-8448", "Mandatory Label\\Medium Plus Mandatory Level", "medium_plus"},
      {"S-1-16-12288", "Mandatory Label\\High Mandatory Level", "high"},
      {"S-1-16-16384", "Mandatory Label\\System Mandatory Level", "system"},
      {"S-1-16-20480", "Mandatory Label\\Protected Process Mandatory Level", "protected"},
    };
    for (String[] row : table) {
      assertThat(NewProcess.integrityLevel(row[0])).as(row[0]).isEqualTo(row[2]);
      assertThat(NewProcess.integrityLevel(row[1])).as(row[1]).isEqualTo(row[2]);
    }
  }

  @Test
  void integrityLevel_keepsAnUnrecognisedLabelVerbatim() {
    assertThat(NewProcess.integrityLevel("S-1-16-28672")).isEqualTo("S-1-16-28672");
    assertThat(NewProcess.integrityLevel("Mandatory Label\\Secure Process Mandatory Level"))
        .isEqualTo("Mandatory Label\\Secure Process Mandatory Level");
    assertThat(NewProcess.integrityLevel(null)).isNull();
  }
}
