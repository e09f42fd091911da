// SPDX-License-Identifier: Apache-2.0
/** An example filter plugin: suppresses devtunnel runs that an IDE started. */
module io.tunnelwatch.example.filter {
  requires transitive io.tunnelwatch.core; // the filter SPI types are in its API

  exports io.tunnelwatch.example.filter;

  provides io.tunnelwatch.core.spi.DetectionFilter with io.tunnelwatch.example.filter.IdeLaunchFilter;
}
