// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code dest} for events without {@code ComputerName}: the host that an earlier {@code AidMaster} or
 * {@code ManagedAssets} line gave the event's {@code aid}, else the user's resolver, else unknown.
 */
final class AgentHostsTest {
  /** The agent of Panther's lines 1 to 14 and 16. */
  private static final String AID_1 = "877761efa8db44d792ddc2redacted";
  /** The agent of Panther's line 15. */
  private static final String AID_15 = "72821324f4394cb18366154f95efeefc";

  /** Hand-written (the corpus has none): an FDR AidMaster line with the fields such lines carry. */
  static String aidMaster(String aid, String computerName) {
    return "{\"AgentLoadFlags\":\"0\",\"AgentVersion\":\"7.10.17706.0\",\"ComputerName\":\"" + computerName + "\","
        + "\"FirstSeen\":\"1682000000.000\",\"MachineDomain\":\"corp.example\",\"ProductType\":\"1\","
        + "\"Time\":\"1682368400.000\",\"aid\":\"" + aid + "\",\"cid\":\"cfe698690964434083fecdredacted\","
        + "\"event_platform\":\"Win\",\"event_simpleName\":\"AidMaster\"}";
  }

  /** Hand-written: an FDR ManagedAssets line. */
  static String managedAssets(String aid, String computerName) {
    return "{\"ComputerName\":\"" + computerName + "\",\"MAC\":\"00-15-5d-00-00-01\",\"LocalAddressIP4\":\"10.0.0.5\","
        + "\"aid\":\"" + aid + "\",\"cid\":\"cfe698690964434083fecdredacted\",\"event_platform\":\"Win\","
        + "\"event_simpleName\":\"ManagedAssets\",\"timestamp\":\"1682368400000\"}";
  }

  private static List<String> dests(EventReader reader, String... lines) {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = Corpus.read(reader, "t", events, lines);
    assertThat(s.rejections()).isEmpty();
    return events.stream().map(e -> e.get(Field.DEST)).toList();
  }

  @Test
  void aidMasterEarlierInTheStream_namesTheHost_ofThatAgentOnly() {
    assertThat(dests(Corpus.reader(), aidMaster(AID_1, "WKS-0042"), Corpus.panther(1), Corpus.panther(15)))
        .containsExactly("WKS-0042", "unknown");
  }

  @Test
  void managedAssets_teachesLikeAidMaster_andIsSkipped() {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = Corpus.read(Corpus.reader(), "t", events, managedAssets(AID_15, "SRV-7"), Corpus.panther(15));
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.events()).isEqualTo(1);
    assertThat(events.get(0).get(Field.DEST)).isEqualTo("SRV-7");
  }

  @Test
  void laterAidMaster_doesNotRewriteEventsAlreadyProduced() {
    assertThat(dests(Corpus.reader(),
        Corpus.panther(1), aidMaster(AID_1, "OLD-NAME"), Corpus.panther(2), aidMaster(AID_1, "NEW-NAME"), Corpus.panther(3)))
        .containsExactly("unknown", "OLD-NAME", "NEW-NAME");
  }

  @Test
  void computerNameOnTheEvent_winsOverTheTable() {
    String named = Corpus.panther(1).replace("\"aid\":", "\"ComputerName\":\"FROM-EVENT\",\"aid\":");
    assertThat(dests(Corpus.reader(), aidMaster(AID_1, "FROM-TABLE"), named)).containsExactly("FROM-EVENT");
  }

  @Test
  void aidMasterWithoutAHostName_teachesNothing_andForgetsNothing() {
    String noName = aidMaster(AID_1, "").replace("\"ComputerName\":\"\",", "");
    assertThat(dests(Corpus.reader(), noName, Corpus.panther(1), aidMaster(AID_1, "WKS"), aidMaster(AID_1, ""), Corpus.panther(2)))
        .containsExactly("unknown", "WKS");
  }

  @Test
  void aidMasterWithAWrongType_isRejectedNamingTheField() {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = Corpus.read(Corpus.reader(), "t", events,
        aidMaster(AID_1, "WKS").replace("\"ComputerName\":\"WKS\"", "\"ComputerName\":[\"WKS\"]"), Corpus.panther(1));
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(1);
      assertThat(r.field()).isEqualTo("ComputerName");
    });
    assertThat(events.get(0).get(Field.DEST)).isEqualTo("unknown");
  }

  @Test
  void resolver_isAskedOnlyWhenTheTableHasNoEntry() {
    AtomicInteger calls = new AtomicInteger();
    Map<String, String> inventory = Map.of(AID_1, "INVENTORY-1", AID_15, "INVENTORY-15");
    CrowdStrikeFormat format = CrowdStrikeFormat.withResolver(aid -> {
      calls.incrementAndGet();
      return Optional.ofNullable(inventory.get(aid));
    });
    EventReader reader = EventReader.builder().noPrefilter().addFormat(format).build();
    assertThat(dests(reader, Corpus.panther(15), aidMaster(AID_1, "FROM-STREAM"), Corpus.panther(1), Corpus.securityContent()))
        .containsExactly("INVENTORY-15", "FROM-STREAM", "unknown");
    assertThat(calls).hasValue(2); // line 15's agent and security_content's; not the agent the stream named
  }

  @Test
  @SuppressWarnings("NullAway") // returns null where Optional is promised, to test the parser's defence
  void resolverThatThrowsOrBreaksItsContract_leavesDestUnknown_andTheEventIsKept() {
    AgentHostResolver throwing = aid -> {
      throw new IllegalStateException("inventory down");
    };
    AgentHostResolver returningNull = aid -> null;
    for (AgentHostResolver r : List.of(throwing, returningNull)) {
      EventReader reader = EventReader.builder().noPrefilter().addFormat(CrowdStrikeFormat.withResolver(r)).build();
      assertThat(dests(reader, Corpus.panther(1), Corpus.panther(2))).containsExactly("unknown", "unknown");
    }
  }

  @Test
  void eventWithoutAid_doesNotAskTheResolver() {
    AtomicInteger calls = new AtomicInteger();
    EventReader reader = EventReader.builder().noPrefilter()
        .addFormat(CrowdStrikeFormat.withResolver(aid -> Optional.of("H" + calls.incrementAndGet()))).build();
    String noAid = Corpus.panther(1).replace("\"aid\":\"" + AID_1 + "\",", "");
    assertThat(dests(reader, noAid)).containsExactly("unknown");
    assertThat(calls).hasValue(0);
  }

  @Test
  void table_isBounded_andForgetsTheLeastRecentlyTaughtAgent() {
    String a = "00000000000000000000000000000001";
    String b = "00000000000000000000000000000002";
    String c = "00000000000000000000000000000003";
    EventReader reader = EventReader.builder().noPrefilter().addFormat(new CrowdStrikeFormat().withMaxLearnedHosts(2)).build();
    String eventOf = Corpus.panther(1);
    assertThat(dests(reader,
        aidMaster(a, "HOST-A"), aidMaster(b, "HOST-B"),
        eventOf.replace(AID_1, a), // a lookup does not change the table (the prefilter may skip it)
        aidMaster(b, "HOST-B2"), // re-teaching B makes A the least recently taught
        aidMaster(c, "HOST-C"), // over capacity: A is forgotten
        eventOf.replace(AID_1, a), eventOf.replace(AID_1, b), eventOf.replace(AID_1, c)))
        .containsExactly("HOST-A", "unknown", "HOST-B2", "HOST-C");
  }

  @Test
  void table_unit_capacityAndForgottenCount() {
    AgentHosts hosts = new AgentHosts(3);
    for (int i = 0; i < 10; i++) {
      assertThat(hosts.learn("aid-" + i, "host-" + i)).isTrue();
    }
    assertThat(hosts.size()).isEqualTo(3);
    assertThat(hosts.forgotten()).isEqualTo(7);
    assertThat(hosts.hostName("aid-9")).isEqualTo("host-9");
    assertThat(hosts.hostName("aid-6")).isNull();
    assertThat(hosts.learn("a".repeat(AgentHosts.MAX_AID_LENGTH + 1), "h")).isFalse();
    assertThat(hosts.learn("aid", "h".repeat(AgentHosts.MAX_HOST_NAME_LENGTH + 1))).isFalse();
    assertThat(hosts.size()).isEqualTo(3);
  }

  @Test
  void table_servesLaterInputsOfTheSameReader_butNotAnotherReader() {
    EventReader reader = Corpus.reader();
    assertThat(dests(reader, aidMaster(AID_1, "WKS-0042"))).isEmpty();
    assertThat(dests(reader, Corpus.panther(1))).containsExactly("WKS-0042");
    assertThat(dests(Corpus.reader(), Corpus.panther(1))).containsExactly("unknown");
  }

  @Test
  void format_rejectsANonPositiveCapacity() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CrowdStrikeFormat().withMaxLearnedHosts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLearnedHosts must be positive but was 0");
  }

  @Test
  void format_capacity_isHeapSizedByDefault_andConfigurable() {
    CrowdStrikeFormat byDefault = CrowdStrikeFormat.withResolver(aid -> Optional.empty());
    assertThat(byDefault.maxLearnedHosts()).isEqualTo(CrowdStrikeFormat.learnedHostsFor(Runtime.getRuntime().maxMemory()));
    assertThat(byDefault.withMaxLearnedHosts(200_000).maxLearnedHosts()).isEqualTo(200_000);
    assertThat(byDefault.maxLearnedHosts()).as("immutable").isNotEqualTo(200_000);
  }
}
