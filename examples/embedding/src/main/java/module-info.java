// SPDX-License-Identifier: Apache-2.0
/** Examples of embedding tunnelwatch: the README's quick start and a streaming endpoint agent. */
module io.tunnelwatch.example.embedding {
  requires transitive io.tunnelwatch.core; // its types are in this API

  exports io.tunnelwatch.example.embedding;
}
