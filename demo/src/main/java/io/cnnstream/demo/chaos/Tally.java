package io.cnnstream.demo.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@code read_committed} reader of the output and dead-letter topics saw: how often each key
 * came out, and when each answer arrived (the reader's clock), to tell lost, duplicated and stalled.
 */
final class Tally {
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, Long> firstArrival = new HashMap<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final Set<String> read = new HashSet<>();

    /**
     * One answer record, named by where it sits ({@code topic#reader-generation/partition@offset}): a
     * reader that reads a record again (its group rebalanced after a broker restart and went back to its
     * last auto-committed offset) has not seen a second answer. Returns whether it is new.
     */
    synchronized boolean saw(String where, byte[] key, long arrivedMillis) {
        if (!read.add(where)) {
            return false;
        }
        String k = key == null ? "(no key)" : new String(key, StandardCharsets.UTF_8);
        counts.merge(k, 1, Integer::sum);
        firstArrival.putIfAbsent(k, arrivedMillis);
        arrivals.add(arrivedMillis);
        return true;
    }

    /** How long after {@code millis} the first of {@code keys} was answered, -1 if none was. */
    synchronized long firstAnswerOf(Collection<String> keys, long millis) {
        return keys.stream().map(firstArrival::get).filter(a -> a != null).mapToLong(a -> a - millis).min().orElse(-1);
    }

    synchronized int answered() {
        return arrivals.size();
    }

    synchronized boolean answeredAll(Set<String> keys) {
        return counts.keySet().containsAll(keys);
    }

    /** Keys sent and never answered. */
    synchronized List<String> lost(Set<String> sent) {
        return sent.stream().filter(k -> !counts.containsKey(k)).sorted().toList();
    }

    /** Answers beyond the first for each key. */
    synchronized int duplicates() {
        return counts.values().stream().mapToInt(n -> n - 1).sum();
    }

    /** Answers whose key was never sent (a reader of the wrong topic, or corruption). */
    synchronized int strangers(Set<String> sent) {
        return (int) counts.keySet().stream().filter(k -> !sent.contains(k)).count();
    }

    /** The longest any of {@code keys} waited from when it was sent to its first answer; -1 for none, or one unanswered. */
    synchronized long longestWait(Collection<String> keys, Map<String, Long> sentAt) {
        long longest = -1;
        for (String k : keys) {
            Long answered = firstArrival.get(k);
            if (answered == null) {
                return -1;
            }
            longest = Math.max(longest, answered - sentAt.get(k));
        }
        return longest;
    }

    /** How long after {@code millis} the next answer arrived, -1 if none has. */
    synchronized long nextAnswerAfter(long millis) {
        return arrivals.stream().filter(a -> a >= millis).mapToLong(a -> a - millis).min().orElse(-1);
    }
}
