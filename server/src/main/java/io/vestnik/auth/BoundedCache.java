package io.vestnik.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small least-recently-used map whose entries also expire at a given instant. Bounded so that
 * callers presenting many distinct keys cannot grow the heap. Thread-safe (one lock; every
 * operation is a map lookup, never I/O).
 */
final class BoundedCache<K, V> {
    private record Slot<V>(V value, Instant until) {}

    private final Map<K, Slot<V>> entries;

    BoundedCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Slot<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The value, or null when absent or expired at {@code now}. */
    synchronized V get(K key, Instant now) {
        Slot<V> entry = entries.get(key);
        if (entry == null) return null;
        if (!now.isBefore(entry.until())) {
            entries.remove(key);
            return null;
        }
        return entry.value();
    }

    synchronized void put(K key, V value, Instant until) {
        entries.put(key, new Slot<>(value, until));
    }

    /**
     * Stores the value unless a live entry is present; returns the value now cached. Lets a slow
     * lookup lose against an update made while it ran (such as a revocation).
     */
    synchronized V putIfAbsent(K key, V value, Instant until, Instant now) {
        V present = get(key, now);
        if (present != null) return present;
        put(key, value, until);
        return value;
    }
}
