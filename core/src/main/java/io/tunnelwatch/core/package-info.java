// SPDX-License-Identifier: Apache-2.0
/** The detection API. */
@NullMarked
package io.tunnelwatch.core;

import org.jspecify.annotations.NullMarked;
