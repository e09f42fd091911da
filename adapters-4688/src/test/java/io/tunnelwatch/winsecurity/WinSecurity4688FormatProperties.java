// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winsecurity;

import io.tunnelwatch.core.tck.Corruption;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class WinSecurity4688FormatProperties {
  @Test
  void corruptedCorpusEvent_isAnEventASkipOrARejection_neverAThrow() throws IOException {
    List<String> corpus = Stream.of("windows_event_log_security_4688.example_log.xml", "security_4688.splunk.xml", "security_4688.pyevtx.xml")
        .flatMap(f -> WinSecurity4688FormatTest.lines(f).stream()).toList();
    Corruption.assertEveryCorruptionIsAccountedFor(new WinSecurity4688Format(), corpus, 20);
  }
}
