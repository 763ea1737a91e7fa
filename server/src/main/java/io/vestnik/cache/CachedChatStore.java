package io.vestnik.cache;

import io.vestnik.domain.Chat;
import io.vestnik.store.ChatStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ChatStore} that answers {@link #find} from the chat cache when the cached entry is
 * current (see {@link ChatEntries}) and passes everything else to storage. Writes go to storage
 * first and then through to the cache. {@link #isMember} is not cached: it is one primary-key
 * lookup, the same cost as validating an entry. Thread-safe; blocking.
 */
public final class CachedChatStore implements ChatStore {
    /** What a find costs storage: the chat row, then its members. */
    private static final int FIND_QUERIES = 2;

    private final ChatStore storage;
    private final ChatEntries entries;

    CachedChatStore(ChatStore storage, ChatEntries entries) {
        this.storage = storage;
        this.entries = entries;
    }

    @Override
    public Optional<Chat> find(long chatId) {
        Optional<ChatEntries.Lookup> lookup = entries.lookup(chatId);
        if (lookup.isPresent() && lookup.get().cached()) entries.hit("chat", FIND_QUERIES);
        else entries.miss("chat");
        return lookup.map(l -> l.entry().chat());
    }

    @Override
    public long markRead(long chatId, long userId, long seq) {
        long position = storage.markRead(chatId, userId, seq);
        entries.afterRead(chatId, userId, position);
        return position;
    }

    @Override
    public List<Delivered> markDelivered(java.util.Collection<Delivered> positions) {
        return storage.markDelivered(positions);
    }

    @Override
    public boolean addMember(long chatId, long userId, String role, Instant now) {
        boolean added = storage.addMember(chatId, userId, role, now);
        if (added) entries.invalidate(chatId);
        return added;
    }

    @Override
    public boolean removeMember(long chatId, long userId) {
        boolean removed = storage.removeMember(chatId, userId);
        if (removed) entries.invalidate(chatId);
        return removed;
    }

    @Override
    public boolean setRole(long chatId, long userId, String role) {
        boolean changed = storage.setRole(chatId, userId, role);
        if (changed) entries.invalidate(chatId);
        return changed;
    }

    @Override
    public boolean transferOwnership(long chatId, long ownerId, long newOwnerId) {
        boolean changed = storage.transferOwnership(chatId, ownerId, newOwnerId);
        if (changed) entries.invalidate(chatId);
        return changed;
    }

    @Override
    public void setSlowMode(long chatId, int seconds) {
        storage.setSlowMode(chatId, seconds);
        entries.invalidate(chatId);
    }

    @Override
    public Created create(NewChat chat, Instant now) {
        return storage.create(chat, now);
    }

    @Override
    public long version(long chatId) {
        return storage.version(chatId);
    }

    @Override
    public List<Chat> listForUser(long userId, Cursor after, int limit) {
        return storage.listForUser(userId, after, limit);
    }

    @Override
    public boolean isMember(long chatId, long userId) {
        return storage.isMember(chatId, userId);
    }

    @Override
    public List<Long> chatIdsOf(long userId) {
        return storage.chatIdsOf(userId);
    }

    @Override
    public Map<Long, Position> positions(long userId) {
        return storage.positions(userId);
    }

    @Override
    public List<Long> contactsOf(long userId) {
        return storage.contactsOf(userId);
    }

    @Override
    public List<Unread> unread(long userId) {
        return storage.unread(userId);
    }
}
