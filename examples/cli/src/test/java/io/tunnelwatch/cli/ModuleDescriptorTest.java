// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pins the command line's module: an application that exports nothing. */
final class ModuleDescriptorTest {
  @Test
  void cli_exportsAndOpensNothing() throws IOException {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertThat(d.name()).isEqualTo("io.tunnelwatch.cli");
    assertThat(d.exports()).isEmpty();
    assertThat(d.opens()).isEmpty();
    assertThat(d.requires()).noneMatch(r -> r.name().equals("info.picocli"));
  }
}
