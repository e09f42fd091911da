// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: the one place that calls {@link ServiceLoader}. A provider that fails to load is logged
 * and reported, never fatal; none found is fine. Providers come back sorted by class name, so the
 * order does not depend on the class path. A problem names the class path entry (the jar) whose
 * {@code META-INF/services} file lists the provider, and the provider's class name.
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
   * @param problems one message per provider that failed to load or was refused
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
    return load(service, loader, p -> Optional.empty());
  }

  /**
   * Loads the providers of {@code service} visible to {@code loader}, leaving out (as a problem) each
   * one for which {@code refusal} gives a reason.
   */
  public static <T> Loaded<T> load(Class<T> service, ClassLoader loader, Function<? super T, Optional<String>> refusal) {
    Map<String, List<String>> listings = listings(service, loader);
    String kind = "a " + service.getSimpleName() + " provider";
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
        String text = describe(e, service);
        problem(problems, kind + " failed to load: " + attribution(text, listings) + text, e);
        if (problems.size() > 1000) {
          break; // a broken iterator that keeps failing; stop rather than spin
        }
      }
    }
    found.sort(Comparator.comparing(p -> p.getClass().getName()));
    List<T> accepted = new ArrayList<>();
    for (T p : found) {
      Optional<String> why = refusal.apply(p);
      if (why.isPresent()) {
        String name = p.getClass().getName();
        String who = attribution(name, listings);
        problem(problems, kind + " was refused: " + (who.isEmpty() ? name + ": " : who) + why.get(), null);
      } else {
        accepted.add(p);
      }
    }
    return new Loaded<>(accepted, problems);
  }

  private static void problem(List<String> problems, String message, @Nullable Throwable e) {
    Log.LOG.warn(message, e);
    problems.add(message);
  }

  /** The error without the service name that every {@link ServiceConfigurationError} starts with, and its cause. */
  private static String describe(Throwable e, Class<?> service) {
    if (!(e instanceof ServiceConfigurationError)) {
      return e.toString();
    }
    String text = String.valueOf(e.getMessage());
    String prefix = service.getName() + ": ";
    if (text.startsWith(prefix)) {
      text = text.substring(prefix.length());
    }
    Throwable cause = e.getCause();
    return cause == null ? text : text + " (" + cause + ")";
  }

  /**
   * "{@code JAR lists CLASS: }" for the listed class whose name {@code text} mentions (the longest,
   * so that {@code a.B} is not taken for {@code a.BC}), or nothing when none does. The JDK's
   * messages name the class but not the jar; a user with a directory of plugins needs both.
   */
  private static String attribution(String text, Map<String, List<String>> listings) {
    @Nullable String best = null;
    for (String name : listings.keySet()) {
      if ((best == null || name.length() > best.length()) && mentions(text, name)) {
        best = name;
      }
    }
    return best == null ? "" : String.join(", ", listings.get(best)) + " lists " + best + ": ";
  }

  private static boolean mentions(String text, String name) {
    for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      int end = at + name.length();
      boolean startsWord = at == 0 || (!Character.isJavaIdentifierPart(text.charAt(at - 1)) && text.charAt(at - 1) != '.');
      boolean endsWord = end == text.length() || !Character.isJavaIdentifierPart(text.charAt(end));
      if (startsWord && endsWord) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every class name in the {@code META-INF/services} files of {@code service} that {@code loader}
   * sees, with the class path entries that list it. A file that cannot be read is left out here:
   * {@link ServiceLoader} reports it.
   */
  private static Map<String, List<String>> listings(Class<?> service, ClassLoader loader) {
    Map<String, List<String>> listings = new LinkedHashMap<>();
    String file = "META-INF/services/" + service.getName();
    Enumeration<URL> urls;
    try {
      urls = loader.getResources(file);
    } catch (IOException e) {
      return listings;
    }
    while (urls.hasMoreElements()) {
      URL url = urls.nextElement();
      String entry = classPathEntry(url, file);
      try {
        URLConnection c = url.openConnection();
        c.setUseCaches(false); // a cached jar would stay open after the plugin loader is closed
        try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            int hash = line.indexOf('#');
            String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!name.isEmpty()) {
              List<String> entries = listings.computeIfAbsent(name, k -> new ArrayList<>());
              if (!entries.contains(entry)) {
                entries.add(entry);
              }
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // Unreadable: ServiceLoader reports this file itself; its classes are just not attributed.
      }
    }
    return listings;
  }

  /** The jar or directory that holds {@code url}, a {@code file} resource, as a path where it is one. */
  private static String classPathEntry(URL url, String file) {
    String s = url.toString();
    if (s.startsWith("jar:") && s.contains("!/")) {
      s = s.substring("jar:".length(), s.indexOf("!/"));
    } else if (s.endsWith("/" + file)) {
      s = s.substring(0, s.length() - file.length() - 1);
    }
    try {
      return Path.of(URI.create(s)).toString();
    } catch (RuntimeException e) {
      return s;
    }
  }
}
