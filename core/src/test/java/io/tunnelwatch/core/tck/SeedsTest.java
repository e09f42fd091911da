// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

final class SeedsTest {
  /** The two things the handler asks of JUnit's context: which test failed. */
  private static ExtensionContext contextOf(String method) throws NoSuchMethodException {
    Method m = SeedsTest.class.getDeclaredMethod(method);
    return (ExtensionContext) Proxy.newProxyInstance(SeedsTest.class.getClassLoader(), new Class<?>[] {ExtensionContext.class},
        (proxy, called, args) -> switch (called.getName()) {
          case "getRequiredTestClass" -> SeedsTest.class;
          case "getRequiredTestMethod" -> m;
          default -> throw new UnsupportedOperationException(called.getName());
        });
  }

  @Test
  void take_isTheSeedOfTheSystemProperty_whenSet_elseFresh() {
    String before = System.getProperty(Seeds.PROPERTY);
    try {
      System.setProperty(Seeds.PROPERTY, "42");
      assertThat(Seeds.take()).isEqualTo(42L);
      assertThat(Seeds.take()).isEqualTo(42L);
      System.clearProperty(Seeds.PROPERTY);
      assertThat(Seeds.take()).as("two fresh seeds").isNotEqualTo(Seeds.take());
    } finally {
      if (before != null) {
        System.setProperty(Seeds.PROPERTY, before);
      }
    }
  }

  @Test
  void failure_afterATake_carriesTheSeedAndTheReplay_andWithoutOne_isUnchanged() throws Throwable {
    ExtensionContext context = contextOf("failure_afterATake_carriesTheSeedAndTheReplay_andWithoutOne_isUnchanged");
    Seeds seeds = new Seeds();
    AssertionError original = new AssertionError("expected 3 but was 4");
    long seed = Seeds.take();
    assertThatThrownBy(() -> seeds.handleTestExecutionException(context, original))
        .isInstanceOf(AssertionError.class)
        .hasCause(original)
        .hasMessageStartingWith("seed " + seed + " (replay: ")
        .hasMessageContaining("-Dtest='SeedsTest#failure_afterATake_carriesTheSeedAndTheReplay_andWithoutOne_isUnchanged'")
        .hasMessageContaining("-Dtunnelwatch.seed=" + seed)
        .hasMessageEndingWith("expected 3 but was 4");
    seeds.afterEach(context);
    assertThatThrownBy(() -> seeds.handleTestExecutionException(context, original)).isSameAs(original);
  }
}
