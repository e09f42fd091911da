/** The detection API. */
@NullMarked
package io.tunnelwatch.core;

import org.jspecify.annotations.NullMarked;
