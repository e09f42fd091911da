package io.tunnelwatch.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: the one place that calls {@link ServiceLoader}. A provider that fails to load is logged
 * and reported, never fatal; none found is fine. Providers come back sorted by class name, so the
 * order does not depend on the class path.
 */
public final class Providers {
  /** The logger, created when first needed: SLF4J's start-up costs tens of milliseconds. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Providers.class);
  }

  private Providers() {}

  /**
   * What discovery found.
   *
   * @param providers the providers that loaded, sorted by class name
   * @param problems one message per provider that failed to load
   */
  public record Loaded<T>(List<T> providers, List<String> problems) {
    /** Copies the lists. */
    public Loaded {
      providers = List.copyOf(providers);
      problems = List.copyOf(problems);
    }
  }

  /** Loads the providers of {@code service} visible to {@code loader}. */
  public static <T> Loaded<T> load(Class<T> service, ClassLoader loader) {
    List<T> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Iterator<T> it = ServiceLoader.load(service, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        String message = "a " + service.getSimpleName() + " provider failed to load: " + e.getMessage();
        Log.LOG.warn(message, e);
        problems.add(message);
        if (problems.size() > 1000) {
          break; // a broken iterator that keeps failing; stop rather than spin
        }
      }
    }
    found.sort(Comparator.comparing(p -> p.getClass().getName()));
    return new Loaded<>(found, problems);
  }
}
