// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

/**
 * Not API: what one {@link EvtxReader#read} call saw.
 *
 * @param chunks chunks found after the header, from the stream length (a trailing partial chunk
 *     counts)
 * @param emptyChunks chunks whose 512-byte header is all zero (preallocated, never used)
 * @param skippedChunks chunks whose records the listener chose not to decode
 * @param records records decoded and given to the listener
 * @param rejected records, chunks or byte runs rejected
 * @param problems non-fatal problems reported (header and chunk checksums, odd fields)
 * @since 0.1.0
 */
public record EvtxSummary(
    int chunks, int emptyChunks, int skippedChunks, long records, long rejected, long problems) {}
