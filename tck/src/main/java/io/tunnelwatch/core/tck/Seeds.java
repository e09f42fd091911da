// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck;

import java.security.SecureRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The one way property tests take their random seed, so that every failure can be replayed.
 * {@link #take()} returns the seed given as {@code -Dtunnelwatch.seed=N}, or else a fresh random one;
 * a test class registered with {@code @ExtendWith(Seeds.class)} that fails after taking a seed fails
 * with the seed and the command line that replays it:
 *
 * <pre>
 * seed 8141592653 (replay: mvn -B verify -pl core -Dtest='GlobProperties#agreesWithTheBacktrackingMatcher'
 *   -Dtunnelwatch.seed=8141592653)
 * </pre>
 *
 * <p>A test that takes several seeds (one per trial) reports the last one, the trial that failed;
 * with {@code -Dtunnelwatch.seed} every take returns that seed, so the first trial replays it.
 */
public final class Seeds implements AfterEachCallback, TestExecutionExceptionHandler {
  /** The system property that fixes the seed. */
  public static final String PROPERTY = "tunnelwatch.seed";

  private static final SecureRandom FRESH = new SecureRandom();
  private static final ThreadLocal<Long> LAST = new ThreadLocal<>();

  /** For JUnit, which makes the extension of {@code @ExtendWith(Seeds.class)}. */
  public Seeds() {}

  /** The seed for one randomised run: {@code -Dtunnelwatch.seed}, or else a fresh random one. */
  public static long take() {
    Long fixed = Long.getLong(PROPERTY);
    long seed = fixed != null ? fixed : FRESH.nextLong();
    LAST.set(seed);
    return seed;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LAST.remove();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    Long seed = LAST.get();
    if (seed == null) {
      throw failure;
    }
    String test = context.getRequiredTestClass().getSimpleName() + "#" + context.getRequiredTestMethod().getName();
    AssertionError withSeed = new AssertionError("seed " + seed + " (replay: mvn -B verify -pl <module> -Dtest='"
        + test + "' -D" + PROPERTY + "=" + seed + "): " + failure, failure);
    throw withSeed;
  }
}
