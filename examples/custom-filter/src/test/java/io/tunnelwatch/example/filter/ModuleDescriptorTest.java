// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.example.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pins how the plugin registers: module path ({@code provides}) and class path ({@code META-INF/services}) agree. */
final class ModuleDescriptorTest {
  @Test
  void plugin_providesTheFilterOnBothPaths() throws IOException {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertThat(d.name()).isEqualTo("io.tunnelwatch.example.filter");
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.tunnelwatch.example.filter");
    assertThat(d.provides()).singleElement().satisfies(p -> {
      assertThat(p.service()).isEqualTo("io.tunnelwatch.core.spi.DetectionFilter");
      assertThat(p.providers()).containsExactly(IdeLaunchFilter.class.getName());
    });
    assertThat(Files.readAllLines(
            Path.of("target/classes/META-INF/services/io.tunnelwatch.core.spi.DetectionFilter"), StandardCharsets.UTF_8))
        .containsExactly(IdeLaunchFilter.class.getName());
  }
}
