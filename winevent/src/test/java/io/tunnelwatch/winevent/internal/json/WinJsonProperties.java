// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.tck.Seeds;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.internal.WinEventDispatch;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JSON reader's law on hostile input: whatever the bytes (truncated, bytes flipped, made-up
 * keys, deep nesting, duplicate keys, huge numbers), it returns an event, says "no event" or throws
 * its {@link JsonProblem}; nothing else escapes, and a problem's message never quotes a value (it
 * names keys, cut short).
 */
@ExtendWith(Seeds.class)
final class WinJsonProperties {
  private static final class AnyMapping extends WinEventFormat {
    AnyMapping(String provider, String id) {
      super("f" + id, provider, id);
    }

    @Override
    protected LineOutcome map(WinEvent event, EventOrigin origin) {
      return LineOutcome.skip("unused");
    }

    @Override
    public Map<String, String> elasticFields() {
      return Map.of("process.executable", "Image", ELASTIC_HASHES, "Hashes", ELASTIC_USER, "User");
    }
  }

  private static final String SECRET = "hunter2";

  /** One record of each form, each holding the secret in a value. */
  private static final List<String> SEEDS = List.of(
      "{\"Event\":{\"#attributes\":{\"xmlns\":\"x\"},\"System\":{\"Provider\":{\"#attributes\":{\"Name\":"
          + "\"Microsoft-Windows-Sysmon\"}},\"EventID\":1,\"TimeCreated\":{\"#attributes\":{\"SystemTime\":"
          + "\"2025-12-06T21:11:02.649150Z\"}},\"Computer\":\"h\"},\"EventData\":{\"ProcessId\":3412,"
          + "\"CommandLine\":\"" + SECRET + "\",\"Image\":\"C:\\\\a.exe\"}}}",
      "{\"@timestamp\":\"2020-10-27T20:00:14.320Z\",\"process\":{\"executable\":\"C:\\\\n.exe\",\"hash\":"
          + "{\"sha1\":\"ab\"}},\"user\":{\"name\":\"" + SECRET + "\"},\"event\":{\"original\":\"<Event xmlns="
          + "'http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='P'/></System></Event>\"},"
          + "\"winlog\":{\"provider_name\":\"Microsoft-Windows-Sysmon\",\"event_id\":\"1\",\"event_data\":"
          + "{\"IntegrityLevel\":\"Medium\"}}}",
      "{\"EventTime\":\"2020-08-01 07:53:24\",\"Hostname\":\"h\",\"EventID\":4688,\"SourceName\":"
          + "\"Microsoft-Windows-Security-Auditing\",\"ProcessID\":2804,\"Message\":\"ProcessId: 1\\r\\n\","
          + "\"CommandLine\":\"" + SECRET + "\",\"EventData\":\"<EventData><Data Name='A'>" + SECRET
          + "</Data></EventData>\"}");

  @Test
  void anyMutation_givesAnEventNoEventOrAJsonProblem_neverQuotingTheInput() {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    WinJson reader = new WinJson(new WinEventDispatch(List.of(
        new AnyMapping("Microsoft-Windows-Sysmon", "1"), new AnyMapping("Microsoft-Windows-Security-Auditing", "4688"))),
        ZoneOffset.UTC);
    int events = 0;
    int problems = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b = mutate(SEEDS.get(rnd.nextInt(SEEDS.size())), rnd);
      int off = rnd.nextInt(3);
      byte[] padded = new byte[b.length + off + rnd.nextInt(3)];
      System.arraycopy(b, 0, padded, off, b.length);
      try {
        if (reader.read(padded, off, b.length) != null) {
          events++;
        }
      } catch (JsonProblem p) {
        problems++;
        assertThat(p.getMessage()).as("seed %s", seed).doesNotContain(SECRET);
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + new String(b, StandardCharsets.UTF_8), e);
      }
    }
    assertThat(events).as("seed %s", seed).isGreaterThan(1000);
    assertThat(problems).as("seed %s", seed).isGreaterThan(1000);
  }

  private static byte[] mutate(String seed, Random rnd) {
    String s = seed;
    switch (rnd.nextInt(9)) {
      case 0 -> s = s.substring(0, rnd.nextInt(s.length()));
      case 1 -> {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int k = rnd.nextInt(4); k >= 0; k--) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
      }
      case 2 -> s = s.replaceFirst("\\{", "{\"deep\":" + "[".repeat(rnd.nextInt(60)) + "1"
          + "]".repeat(rnd.nextInt(60)) + ",");
      case 3 -> s = s.replaceFirst("\"Image\"", "\"Image\":\"" + SECRET + "\",\"Image\"")
          .replaceFirst("\"EventID\"", "\"EventID\":7,\"EventID\"");
      case 4 -> s = s.replace("3412", "1" + "0".repeat(rnd.nextInt(100))).replace("4688", "4688.5e3");
      case 5 -> s = s.replace("\"Medium\"", "{\"x\":[\"" + SECRET + "\"]}").replace("3412", "{\"a\":1}");
      case 6 -> s = s.replace("<System>", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><System>&e;");
      case 7 -> s = s + (rnd.nextBoolean() ? " " + SECRET : "\n{}");
      default -> { }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
