// SPDX-License-Identifier: Apache-2.0
/** Windows events in every form, read into one model. */
@NullMarked
package io.tunnelwatch.winevent;

import org.jspecify.annotations.NullMarked;
