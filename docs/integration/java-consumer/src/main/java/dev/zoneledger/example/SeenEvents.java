package dev.zoneledger.example;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ce_id}s handled lately, the oldest forgotten first. Delivery is at least once: a
 * duplicate arrives soon after its original (a producer's retry, a re-published event), or after
 * a restart re-reads from the last committed offset. A consumer whose effects must survive its
 * own restarts keeps these ids durably instead, in the same transaction as its effects.
 */
final class SeenEvents {
  private final Set<String> ids;

  SeenEvents(int capacity) {
    ids =
        Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
              }
            });
  }

  boolean contains(String ceId) {
    return ids.contains(ceId);
  }

  void add(String ceId) {
    ids.add(ceId);
  }
}
