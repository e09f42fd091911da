// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pins what the module exports, requires and provides, read from its compiled module-info. */
final class ModuleExportsTest {
  private static Path classes() throws URISyntaxException {
    return Path.of(CrowdStrikeFormat.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
    try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void module_exportsOnlyTheApiPackage_andProvidesTheFormat() throws Exception {
    ModuleDescriptor d = descriptor();
    assertThat(d.name()).isEqualTo("io.tunnelwatch.crowdstrike");
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::isQualified)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("io.tunnelwatch.crowdstrike", false));
    assertThat(d.provides()).singleElement().satisfies(p -> {
      assertThat(p.service()).isEqualTo("io.tunnelwatch.core.spi.EventFormat");
      assertThat(p.providers()).containsExactly(CrowdStrikeFormat.class.getName());
    });
    assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name)
        .contains("io.tunnelwatch.core", "com.fasterxml.jackson.core")
        .doesNotContain("com.fasterxml.jackson.databind");
  }

  @Test
  void servicesFile_listsTheSameProvider() throws Exception {
    List<String> lines = Files.readAllLines(classes().resolve("META-INF/services/io.tunnelwatch.core.spi.EventFormat"));
    assertThat(lines).containsExactly(CrowdStrikeFormat.class.getName());
  }

  @Test
  void publicTypes_areTheFormatAndTheResolver_andShowNoJackson() throws Exception {
    Set<String> publicTypes;
    try (Stream<Path> files = Files.list(classes().resolve("io/tunnelwatch/crowdstrike"))) {
      publicTypes = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.equals("package-info.class"))
          .map(n -> "io.tunnelwatch.crowdstrike." + n.substring(0, n.length() - ".class".length()))
          .filter(ModuleExportsTest::isPublic)
          .collect(Collectors.toSet());
    }
    assertThat(publicTypes).containsExactlyInAnyOrder(CrowdStrikeFormat.class.getName(), AgentHostResolver.class.getName());
    for (String type : publicTypes) {
      for (var m : Class.forName(type).getMethods()) {
        assertThat(m.toGenericString()).as(type).doesNotContain("jackson");
      }
    }
  }

  private static boolean isPublic(String className) {
    try {
      return Modifier.isPublic(Class.forName(className).getModifiers());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void defaultConstructor_isPublic_forServiceLoader() throws Exception {
    assertThat(Modifier.isPublic(CrowdStrikeFormat.class.getConstructor().getModifiers())).isTrue();
  }
}
