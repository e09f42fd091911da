// SPDX-License-Identifier: Apache-2.0
/** The compatibility kit that every event format's tests extend (the tunnelwatch-tck artifact). */
@NullMarked
package io.tunnelwatch.core.tck;

import org.jspecify.annotations.NullMarked;
