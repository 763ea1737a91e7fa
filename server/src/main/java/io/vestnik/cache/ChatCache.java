package io.vestnik.cache;

import java.util.Optional;

/**
 * Where {@link ChatEntry entries} are kept between reads: this node's memory or a Redis every node
 * shares. A cache only holds; it never decides whether an entry is current — {@link ChatEntries}
 * compares each entry's version with storage's before using it, so a cache may lose, keep or
 * return any entry it was given without ever making a reader see a wrong state.
 *
 * <p>Thread-safe. Never throws: a cache that cannot answer answers empty (a miss), and a put or
 * remove that fails is dropped. Writers race last-writer-wins; since every entry is right for the
 * version it carries, a race can only cost a later miss.
 */
public interface ChatCache extends AutoCloseable {

    Optional<ChatEntry> get(long chatId);

    void put(ChatEntry entry);

    void remove(long chatId);

    @Override
    default void close() {}
}
