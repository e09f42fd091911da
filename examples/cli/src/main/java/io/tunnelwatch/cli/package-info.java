// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code tunnelwatch} command line: {@code tunnelwatch scan} runs the detection over exported
 * log files. An application, not a library: nothing here is API.
 */
@NullMarked
package io.tunnelwatch.cli;

import org.jspecify.annotations.NullMarked;
