// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The host names that {@code AidMaster}/{@code ManagedAssets} lines taught one parser, by agent id.
 * Holds at most {@code capacity} agents and forgets the least recently taught one past that, so a
 * stream of ever new agent ids cannot grow memory without bound. Not thread-safe.
 *
 * <p>Only teaching changes the table, never a lookup: the reader's prefilter passes over process
 * events that cannot match but always parses the lines that teach, so the table (and every
 * {@code dest}) is the same with and without the prefilter.
 */
final class AgentHosts {
  /** Agent ids are 32 hex digits; anything much longer is not one and is not remembered. */
  static final int MAX_AID_LENGTH = 64;

  /** The longest DNS name; a longer host name is not remembered. */
  static final int MAX_HOST_NAME_LENGTH = 255;

  private final int capacity;
  private final LinkedHashMap<String, String> hosts;
  private long forgotten;

  AgentHosts(int capacity) {
    this.capacity = capacity;
    // Insertion order, refreshed by each teaching (see learn); lookups must not change the state.
    this.hosts = new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        if (size() > AgentHosts.this.capacity) {
          forgotten++;
          return true;
        }
        return false;
      }
    };
  }

  /**
   * Remembers that agent {@code aid} runs on {@code hostName}, replacing what was known before.
   *
   * @return false when either is too long to be what it claims, and nothing was remembered
   */
  boolean learn(String aid, String hostName) {
    if (aid.length() > MAX_AID_LENGTH || hostName.length() > MAX_HOST_NAME_LENGTH) {
      return false;
    }
    hosts.remove(aid); // re-teaching makes the agent the most recently taught
    hosts.put(aid, hostName);
    return true;
  }

  /** The host name taught for {@code aid}, or null. */
  @Nullable String hostName(String aid) {
    return hosts.get(aid);
  }

  int size() {
    return hosts.size();
  }

  /** How many agents were forgotten to stay within the capacity. */
  long forgotten() {
    return forgotten;
  }
}
