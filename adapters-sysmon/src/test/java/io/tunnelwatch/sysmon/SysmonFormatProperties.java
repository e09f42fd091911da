// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.sysmon;

import io.tunnelwatch.core.tck.Corruption;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class SysmonFormatProperties {
  @Test
  void corruptedCorpusEvent_isAnEventASkipOrARejection_neverAThrow() throws IOException {
    List<String> corpus = Stream.of("sysmon_eventid_1.example_log.xml", "sysmon_eid1.splunk.xml", "sysmon_eid1.pyevtx.xml")
        .flatMap(f -> SysmonFormatTest.lines(f).stream()).toList();
    Corruption.assertEveryCorruptionIsAccountedFor(new SysmonFormat(), corpus, 20);
  }
}
