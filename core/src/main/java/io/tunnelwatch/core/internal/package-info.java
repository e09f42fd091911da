// SPDX-License-Identifier: Apache-2.0
/** Not API: tunnelwatch's implementation, which may change in any release. */
@NullMarked
package io.tunnelwatch.core.internal;

import org.jspecify.annotations.NullMarked;
