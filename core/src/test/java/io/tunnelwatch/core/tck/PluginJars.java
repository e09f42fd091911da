// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck;

import io.tunnelwatch.core.spi.DetectionFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Real filter plugin jars for tests: Java sources compiled with the JDK's compiler against core's
 * classes, written with {@link java.util.jar}, with a {@code META-INF/services} file that lists
 * whatever the test says (a missing class, a class that is not a filter, ...).
 */
public final class PluginJars {
  private PluginJars() {}

  /** The services file of filters. */
  public static final String SERVICES = "META-INF/services/" + DetectionFilter.class.getName();

  /** The package of {@link #EXAMPLES}. */
  public static final String PACKAGE = "com.example.plugins.";

  /**
   * Plugin classes that go wrong in each of the ways a plugin can, by name: {@code Recursing} (a
   * {@link StackOverflowError} from real recursion), {@code NeedsDep} (a {@link NoClassDefFoundError}
   * when {@code Dep} is left out of its jar), {@code Nameless} ({@code name()} returns null),
   * {@code NotAFilter}, {@code NoDefaultConstructor}, {@code Sleeping} (decides each row in one second).
   */
  public static final Map<String, String> EXAMPLES = Map.of(
      PACKAGE + "Recursing", """
          package com.example.plugins;
          import io.tunnelwatch.core.DetectionResult;
          import io.tunnelwatch.core.spi.*;
          public final class Recursing implements DetectionFilter {
            @Override public String name() { return "recursing"; }
            @Override public FilterDecision decide(DetectionResult r) { return depth(0) > 0 ? FilterDecision.keep() : null; }
            private static int depth(int n) { return depth(n + 1) + 1; }
          }""",
      PACKAGE + "Dep", """
          package com.example.plugins;
          import io.tunnelwatch.core.spi.FilterDecision;
          public final class Dep {
            public FilterDecision decision() { return FilterDecision.suppress("dep"); }
          }""",
      PACKAGE + "NeedsDep", """
          package com.example.plugins;
          import io.tunnelwatch.core.DetectionResult;
          import io.tunnelwatch.core.spi.*;
          public final class NeedsDep implements DetectionFilter {
            @Override public String name() { return "needs-dep"; }
            @Override public FilterDecision decide(DetectionResult r) { return new Dep().decision(); }
          }""",
      PACKAGE + "Nameless", """
          package com.example.plugins;
          import io.tunnelwatch.core.DetectionResult;
          import io.tunnelwatch.core.spi.*;
          public final class Nameless implements DetectionFilter {
            @Override public String name() { return null; }
            @Override public FilterDecision decide(DetectionResult r) { return FilterDecision.suppress("nameless"); }
          }""",
      PACKAGE + "NotAFilter", """
          package com.example.plugins;
          public final class NotAFilter {
            public NotAFilter() {}
          }""",
      PACKAGE + "NoDefaultConstructor", """
          package com.example.plugins;
          import io.tunnelwatch.core.DetectionResult;
          import io.tunnelwatch.core.spi.*;
          public final class NoDefaultConstructor implements DetectionFilter {
            public NoDefaultConstructor(String config) {}
            @Override public FilterDecision decide(DetectionResult r) { return FilterDecision.suppress("x"); }
          }""",
      PACKAGE + "Sleeping", """
          package com.example.plugins;
          import io.tunnelwatch.core.DetectionResult;
          import io.tunnelwatch.core.spi.*;
          public final class Sleeping implements DetectionFilter {
            @Override public String name() { return "sleeping"; }
            @Override public FilterDecision decide(DetectionResult r) {
              try {
                Thread.sleep(1000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return FilterDecision.keep();
            }
          }""");

  /** Compiles {@link #EXAMPLES} into {@code dir}/classes. */
  public static Path compileExamples(Path dir) throws IOException {
    return compile(dir, EXAMPLES);
  }

  /**
   * Compiles {@code sources} (fully qualified class name to source text) into {@code dir}/classes.
   *
   * @return the directory of the class files
   */
  public static Path compile(Path dir, Map<String, String> sources) throws IOException {
    Path src = dir.resolve("src");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of(
        "--release", "17", "-proc:none", "-classpath", coreClasses().toString(), "-d", classes.toString()));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("these tests need a JDK, not a JRE");
    }
    StringWriter messages = new StringWriter();
    OutputStream log = new OutputStream() {
      @Override
      public void write(int b) {
        messages.write(b);
      }
    };
    if (javac.run(null, log, log, args.toArray(new String[0])) != 0) {
      throw new IllegalStateException("javac failed: " + messages);
    }
    return classes;
  }

  /**
   * Writes a jar of the named classes of {@code classes} (nested classes included) and a services
   * file of {@code services}, one per line.
   */
  public static Path jar(Path file, Path classes, List<String> classNames, List<String> services) throws IOException {
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
      for (String name : classNames) {
        String path = name.replace('.', '/');
        Path parent = classes.resolve(path).getParent();
        String simple = path.substring(path.lastIndexOf('/') + 1);
        try (var files = Files.list(parent)) {
          for (Path c : files.filter(f -> f.getFileName().toString().equals(simple + ".class")
              || f.getFileName().toString().startsWith(simple + "$")).sorted().toList()) {
            jar.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
            jar.write(Files.readAllBytes(c));
            jar.closeEntry();
          }
        }
      }
      if (!services.isEmpty()) {
        jar.putNextEntry(new JarEntry(SERVICES));
        jar.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return file;
  }

  /** Where core's classes are, for the compiler's class path. */
  private static Path coreClasses() {
    try {
      return Path.of(DetectionFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
