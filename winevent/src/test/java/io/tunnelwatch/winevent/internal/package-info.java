/** Tests of the shared XmlWinEventLog parsing. */
@NullMarked
package io.tunnelwatch.winevent.internal;

import org.jspecify.annotations.NullMarked;
