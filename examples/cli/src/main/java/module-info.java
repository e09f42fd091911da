// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code tunnelwatch} command line. An application: it exports nothing. The shaded jar runs on
 * the class path (its dependencies' descriptors are dropped); this descriptor lets the command line
 * also run on the module path with the adapters as modules.
 */
module io.tunnelwatch.cli {
  requires io.tunnelwatch.core;
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;
}
