// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.sysmon;

import io.tunnelwatch.winevent.spi.WinEventFormat;
import io.tunnelwatch.winevent.tck.WinEventJsonFormsKit;

/** Sysmon Event ID 1 gives the row of its XML from every JSON rendering (DESIGN section 4.3). */
final class SysmonJsonFormsTest extends WinEventJsonFormsKit {
  @Override
  protected WinEventFormat format() {
    return new SysmonFormat();
  }

  @Override
  protected String corpusName() {
    return "sysmon_eid1";
  }

  @Override
  protected String repositoryCorpus() {
    return "/sysmon/sysmon_eid1.splunk.xml";
  }
}
