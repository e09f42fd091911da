// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winsecurity;

import io.tunnelwatch.winevent.spi.WinEventFormat;
import io.tunnelwatch.winevent.tck.WinEventFormsKit;

/** Security 4688 gives the same row from every form of Windows event (DESIGN section 4). */
final class WinSecurity4688FormsTest extends WinEventFormsKit {
  @Override
  protected WinEventFormat format() {
    return new WinSecurity4688Format();
  }

  @Override
  protected String corpusName() {
    return "security_4688";
  }
}
