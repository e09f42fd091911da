// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.tck.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CrowdStrikeFormat#mustParse}'s law: a line from which the parser learns a host name is
 * always one it must parse. Host lines are generated with their keys in any order, the event name
 * written twice, nested in another key's object, quoted in a string, or spaced around its colon;
 * whether the parser learned the host is seen by reading a process event of the same agent after it.
 */
@ExtendWith(Seeds.class)
final class MustParseProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TYPES = {"AidMaster", "ManagedAssets", "ProcessRollup2", "DnsRequest"};

  @Test
  void everyLineThatTeachesAHost_mustBeParsed() throws JsonProcessingException {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    String process = Corpus.panther(1);
    Matcher m = Pattern.compile("\"aid\":\"([^\"]*)\"").matcher(process);
    assertThat(m.find()).isTrue();
    String aid = m.group(1);
    CrowdStrikeFormat format = new CrowdStrikeFormat();
    int taught = 0;
    int passedOver = 0;
    for (int round = 0; round < 3000; round++) {
      String host = "H" + round;
      String line = hostLine(aid, host, rnd);
      List<ProcessEvent> events = new ArrayList<>();
      Corpus.read(Corpus.reader(), "t", events, line, process);
      boolean learned = events.size() == 1 && events.get(0).get(Field.DEST).equals(host);
      byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
      boolean must = format.mustParse(b, 2, b.length - 4);
      if (learned) {
        taught++;
        assertThat(must).as("seed %s: the parser learns a host from %s", seed, line).isTrue();
      } else if (!must) {
        passedOver++;
      }
    }
    assertThat(taught).as("seed %s", seed).isGreaterThan(300);
    assertThat(passedOver).as("seed %s", seed).isGreaterThan(300);
  }

  private static String hostLine(String aid, String host, Random rnd) throws JsonProcessingException {
    List<String> members = new ArrayList<>();
    members.add(member("ComputerName", host));
    members.add(member("aid", aid));
    members.add(member("cid", "cfe698690964434083fecdredacted"));
    members.add(member("event_platform", "Win"));
    members.add(member("timestamp", "1682368400000"));
    members.add(member("event_simpleName", TYPES[rnd.nextInt(TYPES.length)]));
    if (rnd.nextInt(3) == 0) {
      members.add(member("event_simpleName", TYPES[rnd.nextInt(TYPES.length)])); // twice: rejected
    }
    if (rnd.nextInt(3) == 0) {
      members.add("\"Extra\":{" + member("event_simpleName", TYPES[rnd.nextInt(TYPES.length)]) + "}");
    }
    if (rnd.nextInt(3) == 0) {
      members.add(member("CommandLine", "x " + member("event_simpleName", TYPES[rnd.nextInt(TYPES.length)]) + " }"));
    }
    if (rnd.nextInt(3) == 0) {
      // an array: its ] closes no object, yet the key before it may be the line's own or not
      members.add("\"Tags\":[" + (rnd.nextBoolean()
          ? "{" + member("event_simpleName", TYPES[rnd.nextInt(TYPES.length)]) + "}"
          : "\"27\",\"40\",\"151\"") + "]");
    }
    if (rnd.nextBoolean()) {
      Collections.shuffle(members, rnd);
    } else {
      Collections.sort(members);
    }
    String line = "{" + String.join(",", members) + "}";
    return rnd.nextInt(4) == 0 ? line.replace("\"event_simpleName\":", "\"event_simpleName\" : ") : line;
  }

  private static String member(String key, String value) throws JsonProcessingException {
    return JSON.writeValueAsString(key) + ":" + JSON.writeValueAsString(value);
  }
}
