/** The compatibility kit that every event format's tests extend (core's test-jar). */
@NullMarked
package io.tunnelwatch.core.tck;

import org.jspecify.annotations.NullMarked;
