// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pins what the module exports: a change here is a change of the public API. */
final class ModuleExportsTest {
  @Test
  void module_exportsTheApiPackageOnly() throws IOException {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertThat(d.name()).isEqualTo("io.tunnelwatch.kafka");
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.tunnelwatch.kafka");
    assertThat(d.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(d.uses()).containsExactly("io.tunnelwatch.core.spi.EventFormat");
  }
}
