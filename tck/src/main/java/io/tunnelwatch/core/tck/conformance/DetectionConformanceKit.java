// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.RiskEvent;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every evaluation engine keeps: each of {@link ConformanceCases#all()} run through
 * the engine gives the case's expected rows, compared in {@link CanonicalRow canonical form}, and
 * exactly one risk event per kept row, equal to {@link RiskEvent#from} that row. An engine's test
 * extends this class and says how to run a case.
 */
public abstract class DetectionConformanceKit {
  /** For the test class of each implementation, which extends this kit. */
  protected DetectionConformanceKit() {}

  /** Runs {@code c}'s steps through the engine under test and returns everything it emitted. */
  protected abstract EngineOutput run(ConformanceCase c) throws Exception;

  /**
   * Whether the engine reports late events apart ({@code true} for streaming engines). An engine
   * that does not (a batch run per window after all input) is compared in the merged form.
   */
  protected boolean reportsLateEvents() {
    return true;
  }

  @TestFactory
  Stream<DynamicTest> everyCase_givesTheExpectedRows() {
    return ConformanceCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private void check(ConformanceCase c) throws Exception {
    EngineOutput out = run(c);
    List<String> expectedRisk = out.kept().stream().map(r -> RiskEvent.from(r).toJson(ZoneOffset.UTC)).toList();
    assertThat(out.riskEvents()).as("%s: one risk event per kept row, in order", c.name()).isEqualTo(expectedRisk);
    List<CanonicalRow> expected = reportsLateEvents() ? c.expected() : CanonicalRow.merged(c.expected());
    List<CanonicalRow> actual = reportsLateEvents() ? out.canonical() : CanonicalRow.merged(out.canonical());
    assertThat(actual).as("%s: canonical rows", c.name()).containsExactlyElementsOf(expected);
  }
}
