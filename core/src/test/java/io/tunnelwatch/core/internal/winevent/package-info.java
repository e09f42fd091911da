/** Tests of the shared XmlWinEventLog parsing. */
@NullMarked
package io.tunnelwatch.core.internal.winevent;

import org.jspecify.annotations.NullMarked;
