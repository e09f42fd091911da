// SPDX-License-Identifier: Apache-2.0
/** Examples of embedding tunnelwatch: {@link io.tunnelwatch.example.embedding.QuickStart} and {@link io.tunnelwatch.example.embedding.AgentExample}. */
@NullMarked
package io.tunnelwatch.example.embedding;

import org.jspecify.annotations.NullMarked;
