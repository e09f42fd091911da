// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.tck.EventFormatCompatibilityKit;
import java.util.List;

/** The adapter keeps core's event-format contract, on real corpus events. */
final class CrowdStrikeFormatCompatibilityTest extends EventFormatCompatibilityKit {
  @Override
  protected EventFormat format() {
    return new CrowdStrikeFormat();
  }

  @Override
  protected List<String> validLines() {
    return List.of(Corpus.panther(1), Corpus.panther(15), Corpus.panther(13), Corpus.securityContent());
  }

  /** Hand-written (not from the corpus): an FDR DnsRequest event, a type the detection does not read. */
  @Override
  protected String outOfScopeLine() {
    return "{\"ContextProcessId\":\"440890253753908704\",\"DomainName\":\"example.org\",\"RequestType\":\"1\","
        + "\"aid\":\"877761efa8db44d792ddc2redacted\",\"event_platform\":\"Win\","
        + "\"event_simpleName\":\"DnsRequest\",\"name\":\"DnsRequestV4\",\"timestamp\":\"1682368416800\"}";
  }
}
