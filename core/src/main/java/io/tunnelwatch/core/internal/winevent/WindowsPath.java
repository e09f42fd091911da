package io.tunnelwatch.core.internal.winevent;

import org.jspecify.annotations.Nullable;

/** Not API: the {@code basename} of DESIGN.md 2.5, shared by the Windows adapters. */
public final class WindowsPath {
  private WindowsPath() {}

  /** The text after the last {@code \} or {@code /} of {@code path}; null stays null. */
  public static @Nullable String basename(@Nullable String path) {
    if (path == null) {
      return null;
    }
    return path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
  }
}
