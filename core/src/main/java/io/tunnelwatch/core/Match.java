// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

/**
 * Which clause of the detection's predicate an event satisfied. A match on
 * {@link #ORIGINAL_FILE_NAME} alone is a renamed binary, worth knowing.
 *
 * @since 0.1.0
 */
public enum Match {
  /** Neither clause. */
  NONE,
  /** {@code original_file_name} only: the binary was renamed. */
  ORIGINAL_FILE_NAME,
  /** {@code process_name} only (the source records no or another original file name). */
  PROCESS_NAME,
  /** Both clauses. */
  BOTH;

  /** True for every value but {@link #NONE}. */
  public boolean matched() {
    return this != NONE;
  }

  static Match of(boolean originalFileName, boolean processName) {
    if (originalFileName) {
      return processName ? BOTH : ORIGINAL_FILE_NAME;
    }
    return processName ? PROCESS_NAME : NONE;
  }
}
