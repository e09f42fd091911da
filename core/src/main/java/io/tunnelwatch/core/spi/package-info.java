/**
 * What others implement: result filters ({@link io.tunnelwatch.core.spi.DetectionFilter}) and event
 * formats ({@link io.tunnelwatch.core.spi.EventFormat}). Both can be registered explicitly or
 * discovered through {@link java.util.ServiceLoader}.
 */
@NullMarked
package io.tunnelwatch.core.spi;

import org.jspecify.annotations.NullMarked;
