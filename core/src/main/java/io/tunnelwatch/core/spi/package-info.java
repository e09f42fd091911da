// SPDX-License-Identifier: Apache-2.0
/**
 * What others implement: result filters ({@link io.tunnelwatch.core.spi.DetectionFilter}) and event
 * formats ({@link io.tunnelwatch.core.spi.EventFormat}), with the record containers a format can be
 * read from ({@link io.tunnelwatch.core.spi.RecordContainer}). Filters and formats can be registered
 * explicitly or discovered through {@link java.util.ServiceLoader}.
 */
@NullMarked
package io.tunnelwatch.core.spi;

import org.jspecify.annotations.NullMarked;
