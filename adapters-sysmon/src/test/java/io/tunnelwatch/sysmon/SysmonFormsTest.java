// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.sysmon;

import io.tunnelwatch.winevent.spi.WinEventFormat;
import io.tunnelwatch.winevent.tck.WinEventFormsKit;

/** Sysmon Event ID 1 gives the same row from every form of Windows event (DESIGN section 4). */
final class SysmonFormsTest extends WinEventFormsKit {
  @Override
  protected WinEventFormat format() {
    return new SysmonFormat();
  }

  @Override
  protected String corpusName() {
    return "sysmon_eid1";
  }
}
