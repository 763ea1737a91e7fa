package io.vestnik.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Entries in this node's memory, at most {@code capacity} chats, the least recently used evicted
 * first. Thread-safe: one lock around a small access-ordered map (each call is a map operation;
 * entries are immutable, so nothing is copied or held under the lock).
 */
public final class MemoryChatCache implements ChatCache {
    private final Map<Long, ChatEntry> entries;

    public MemoryChatCache(int capacity) {
        entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, ChatEntry> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized Optional<ChatEntry> get(long chatId) {
        return Optional.ofNullable(entries.get(chatId));
    }

    @Override
    public synchronized void put(ChatEntry entry) {
        entries.put(entry.chat().id(), entry);
    }

    @Override
    public synchronized void remove(long chatId) {
        entries.remove(chatId);
    }
}
