// SPDX-License-Identifier: Apache-2.0
/**
 * Test helpers of core's own tests that the CLI's tests use too (core's test-jar, not published in
 * the BOM): {@link io.tunnelwatch.core.tck.PluginJars} and {@link io.tunnelwatch.core.tck.OcsfSchema}.
 * The kits that event formats and engines extend are in the {@code tunnelwatch-tck} artifact.
 */
@NullMarked
package io.tunnelwatch.core.tck;

import org.jspecify.annotations.NullMarked;
