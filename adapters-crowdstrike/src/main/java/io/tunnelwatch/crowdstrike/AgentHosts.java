package io.tunnelwatch.crowdstrike;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The host names that {@code AidMaster}/{@code ManagedAssets} lines taught one parser, by agent id.
 * Holds at most {@code capacity} agents and forgets the least recently taught or used one past that,
 * so a stream of ever new agent ids cannot grow memory without bound. Not thread-safe.
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
    // Access order: a lookup keeps an agent that is still reporting from being forgotten.
    this.hosts = new LinkedHashMap<>(16, 0.75f, true) {
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
