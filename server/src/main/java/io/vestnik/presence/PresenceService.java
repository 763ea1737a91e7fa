package io.vestnik.presence;

import io.vestnik.chat.Events;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.ChatStore;
import io.vestnik.store.UserBlockStore;
import io.vestnik.store.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns connections coming and going into presence: announces each online/offline transition to
 * the users who share a chat with the user, and remembers when they were last seen. Blocking.
 */
public final class PresenceService {
    static final int MAX_QUERY = 200;

    private final Presence presence;
    private final UserStore users;
    private final ChatStore chats;
    private final UserBlockStore blocks;
    private final Events events;
    private final Clock clock;
    private final Lock[] locks = new Lock[256];

    public PresenceService(Presence presence, UserStore users, ChatStore chats, UserBlockStore blocks, Events events,
                           Clock clock) {
        this.presence = presence;
        this.users = users;
        this.chats = chats;
        this.blocks = blocks;
        this.events = events;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) locks[i] = new ReentrantLock();
        presence.listen(this::changedElsewhere);
    }

    public record Status(long userId, boolean online, Instant lastSeen) {}

    public void connected(long userId, String connectionId) {
        Lock lock = lockOf(userId);
        lock.lock();
        try {
            if (presence.connected(userId, connectionId)) announce(new ServerEvent.Presence(userId, true, null), userId);
        } finally {
            lock.unlock();
        }
    }

    public void disconnected(long userId, String connectionId) {
        Lock lock = lockOf(userId);
        lock.lock();
        try {
            if (presence.disconnected(userId, connectionId)) wentOffline(userId);
        } finally {
            lock.unlock();
        }
    }

    /** A transition no call here caused, such as a crashed node's user swept offline by this node. */
    private void changedElsewhere(long userId, boolean online) {
        Lock lock = lockOf(userId);
        lock.lock();
        try {
            if (online) announce(new ServerEvent.Presence(userId, true, null), userId);
            else wentOffline(userId);
        } finally {
            lock.unlock();
        }
    }

    private void wentOffline(long userId) {
        Instant now = clock.instant();
        users.updateLastSeen(userId, now);
        announce(new ServerEvent.Presence(userId, false, now), userId);
    }

    /**
     * A user's transitions are announced in the order they happened: without this, an "online"
     * still being announced could be overtaken by the "offline" after it, and watchers would be
     * left believing the user online.
     */
    private Lock lockOf(long userId) {
        return locks[(int) Math.floorMod(userId, (long) locks.length)];
    }

    /** Whether each user is online, as {@code askerId} may see it: offline, with no last-seen time, across a block. */
    public List<Status> query(long askerId, List<Long> userIds) {
        if (userIds.size() > MAX_QUERY) throw Problem.invalid("Ask for at most " + MAX_QUERY + " users at once.");
        Set<Long> online = presence.online(userIds);
        UserBlockStore.Relations relations = blocks.relations(askerId);
        List<Status> statuses = new ArrayList<>(userIds.size());
        for (long id : userIds) {
            if (relations.blocked().contains(id) || relations.blockedBy().contains(id)) {
                statuses.add(new Status(id, false, null));
                continue;
            }
            boolean on = online.contains(id);
            statuses.add(new Status(id, on, on ? null : users.lastSeen(id).orElse(null)));
        }
        return statuses;
    }

    /** To the user's contacts, except those on either side of a block with them. */
    private void announce(ServerEvent.Presence event, long userId) {
        List<Long> contacts = chats.contactsOf(userId);
        UserBlockStore.Relations relations = blocks.relations(userId);
        if (!relations.isEmpty()) {
            contacts = contacts.stream().filter(id -> !relations.blocked().contains(id) && !relations.blockedBy().contains(id)).toList();
        }
        events.toUsers(contacts, event);
    }
}
