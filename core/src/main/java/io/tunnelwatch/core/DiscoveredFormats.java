// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import io.tunnelwatch.core.spi.EventFormat;
import java.util.List;

/**
 * What {@link EventReader#findFormats(ClassLoader)} found: the event formats that loaded, one per
 * {@link EventFormat#id()}, sorted by class name, and one message per provider that failed to load.
 *
 * @param formats the formats, at most one per id (the first by class name)
 * @param problems one message per provider that failed to load, naming its jar and class
 * @since 0.1.0
 */
public record DiscoveredFormats(List<EventFormat> formats, List<String> problems) {
  /** Copies the lists. */
  public DiscoveredFormats {
    formats = List.copyOf(formats);
    problems = List.copyOf(problems);
  }
}
