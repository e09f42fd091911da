// SPDX-License-Identifier: Apache-2.0
/**
 * Result rows as OCSF (Open Cybersecurity Schema Framework) 1.8.0 Detection Findings, for data lakes
 * and SIEMs that ingest OCSF.
 */
@NullMarked
package io.tunnelwatch.core.ocsf;

import org.jspecify.annotations.NullMarked;
