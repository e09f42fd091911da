// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

/** Which OTRF/HELK flat JSON {@link JsonForms#helk} writes; both are in {@code otrf/*.jsonl}. */
public enum HelkVariant {
  /**
   * {@code @timestamp} and {@code TimeCreated} both the local time labelled {@code Z}
   * ({@code 2020-10-23T02:36:43.547Z}), with {@code Keywords}, {@code Level} and
   * {@code ProviderGuid} (21 Sysmon and 21 4688 lines, {@code json-shapes/otrf_helk_flat_*.jsonl}).
   */
  TIMESTAMPED,
  /**
   * Only {@code TimeCreated}, local time without zone ({@code 2020-10-21 12:19:04.414}); no
   * {@code @timestamp}, {@code Keywords}, {@code Level} or {@code ProviderGuid} (7 + 7 lines).
   */
  UNTIMESTAMPED
}
