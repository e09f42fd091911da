// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class DetectionPredicateTest {
  private static final DetectionPredicate P = DetectionPredicate.defaults();

  private static ProcessEvent named(String processName, String originalFileName) {
    return TestEvents.event(Instant.EPOCH, "h", processName, originalFileName);
  }

  @ParameterizedTest
  @ValueSource(strings = {"devtunnel.exe", "DevTunnel.EXE", "DEVTUNNEL.EXE", "dEvTuNnEl.ExE"})
  void processName_matchesWholeValue_inAnyCase(String name) {
    assertThat(P.test(named(name, "x.dll"))).isEqualTo(Match.PROCESS_NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"devtunnel.exe.bak", "devtunnels.exe", "xdevtunnel.exe", "mydevtunnel.exe",
      " devtunnel.exe", "devtunnel.exe ", "devtunnel", "C:\\devtunnel.exe", ""})
  void processName_doesNotMatchAnythingElse(String name) {
    assertThat(P.test(named(name, "x.dll"))).isEqualTo(Match.NONE);
  }

  @Test
  void renamedBinary_matchesByOriginalFileName() {
    assertThat(P.test(named("notepad2.exe", "DevTunnel.DLL"))).isEqualTo(Match.ORIGINAL_FILE_NAME);
    assertThat(P.test(named("devtunnel.exe", "devtunnel.dll"))).isEqualTo(Match.BOTH);
    assertThat(Match.NONE.matched()).isFalse();
    assertThat(Match.ORIGINAL_FILE_NAME.matched()).isTrue();
  }

  @Test
  void caseFolding_doesNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      DetectionPredicate p = DetectionPredicate.of("INSTALLER.DLL", "INSTALLER.EXE");
      // Under Turkish rules "I" lower-cases to a dotless i; under Locale.ROOT it is "i".
      assertThat(p.test(named("installer.exe", "x"))).isEqualTo(Match.PROCESS_NAME);
      assertThat(p.processName()).isEqualTo("installer.exe");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void missingNames_doNotMatch() {
    ProcessEvent e = ProcessEvent.builder(Instant.EPOCH, new EventOrigin("t", "t", 1)).build();
    assertThat(P.test(e)).isEqualTo(Match.NONE);
  }

  @Test
  void names_mustNotBeBlank_throughTheFactoryAndTheConstructor() {
    assertThatThrownBy(() -> DetectionPredicate.of(" ", "a.exe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("originalFileName must not be blank but was ' '");
    assertThatThrownBy(() -> new DetectionPredicate("a.dll", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("processName must not be blank but was ''");
  }

  @Test
  void equalsAndHashCode_areByValue_ignoringCase() {
    DetectionPredicate a = DetectionPredicate.of("Installer.DLL", "INSTALLER.exe");
    DetectionPredicate b = new DetectionPredicate("installer.dll", "installer.exe");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
    assertThat(new DetectionPredicate(DetectionPredicate.DEFAULT_ORIGINAL_FILE_NAME, "DevTunnel.exe"))
        .isEqualTo(P).hasSameHashCodeAs(P);
    assertThat(a).isNotEqualTo(DetectionPredicate.of("installer.dll", "setup.exe"))
        .isNotEqualTo(DetectionPredicate.of("setup.dll", "installer.exe"))
        .isNotEqualTo(P);
  }

  @Test
  void toString_readsAsTheSearchCondition() {
    assertThat(P).hasToString("original_file_name=\"devtunnel.dll\" OR process_name=\"devtunnel.exe\"");
  }
}
