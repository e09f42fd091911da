// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.example.filter;

import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.spi.DetectionFilter;
import io.tunnelwatch.core.spi.FilterDecision;
import java.util.Locale;
import java.util.Set;

/**
 * Suppresses devtunnel runs whose parent is an IDE: Visual Studio ({@code devenv.exe}) and VS Code
 * ({@code Code.exe}) start dev tunnels themselves for port forwarding, which is expected on
 * developer machines. Found through {@link java.util.ServiceLoader} ({@code META-INF/services} and
 * {@code provides}), so it needs a public no-argument constructor. Stateless and thread-safe.
 */
public final class IdeLaunchFilter implements DetectionFilter {
  /** The parent process names, in lower case, that count as an IDE. */
  public static final Set<String> IDES = Set.of("devenv.exe", "code.exe");

  /** The filter; {@link java.util.ServiceLoader} calls this. */
  public IdeLaunchFilter() {}

  @Override
  public String name() {
    return "ide-launch";
  }

  @Override
  public FilterDecision decide(DetectionResult result) {
    String parent = result.get(Field.PARENT_PROCESS_NAME);
    if (IDES.contains(parent.toLowerCase(Locale.ROOT))) {
      return FilterDecision.suppress("started by the IDE " + parent + " (port forwarding)");
    }
    return FilterDecision.keep();
  }
}
