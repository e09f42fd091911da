// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winsecurity;

import io.tunnelwatch.winevent.spi.WinEventFormat;
import io.tunnelwatch.winevent.tck.WinEventJsonFormsKit;

/** Security 4688 gives the row of its XML from every JSON rendering (DESIGN section 4.3). */
final class WinSecurity4688JsonFormsTest extends WinEventJsonFormsKit {
  @Override
  protected WinEventFormat format() {
    return new WinSecurity4688Format();
  }

  @Override
  protected String corpusName() {
    return "security_4688";
  }

  @Override
  protected String repositoryCorpus() {
    return "/winsecurity-4688/security_4688.splunk.xml";
  }
}
