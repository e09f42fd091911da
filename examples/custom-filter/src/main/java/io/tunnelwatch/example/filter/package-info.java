// SPDX-License-Identifier: Apache-2.0
/** An example filter plugin: {@link io.tunnelwatch.example.filter.IdeLaunchFilter}. */
@NullMarked
package io.tunnelwatch.example.filter;

import org.jspecify.annotations.NullMarked;
