package io.vestnik.presence;

import io.vestnik.chat.Events;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.ChatStore;
import io.vestnik.store.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns connections coming and going into presence: announces each online/offline transition to
 * the users who share a chat with the user, and remembers when they were last seen. Blocking.
 */
public final class PresenceService {
    static final int MAX_QUERY = 200;

    private final Presence presence;
    private final UserStore users;
    private final ChatStore chats;
    private final Events events;
    private final Clock clock;

    public PresenceService(Presence presence, UserStore users, ChatStore chats, Events events, Clock clock) {
        this.presence = presence;
        this.users = users;
        this.chats = chats;
        this.events = events;
        this.clock = clock;
    }

    public record Status(long userId, boolean online, Instant lastSeen) {}

    public void connected(long userId, String connectionId) {
        if (presence.connected(userId, connectionId)) announce(new ServerEvent.Presence(userId, true, null), userId);
    }

    public void disconnected(long userId, String connectionId) {
        if (!presence.disconnected(userId, connectionId)) return;
        Instant now = clock.instant();
        users.updateLastSeen(userId, now);
        announce(new ServerEvent.Presence(userId, false, now), userId);
    }

    public List<Status> query(List<Long> userIds) {
        if (userIds.size() > MAX_QUERY) throw Problem.invalid("Ask for at most " + MAX_QUERY + " users at once.");
        Set<Long> online = presence.online(userIds);
        List<Status> statuses = new ArrayList<>(userIds.size());
        for (long id : userIds) {
            boolean on = online.contains(id);
            statuses.add(new Status(id, on, on ? null : users.lastSeen(id).orElse(null)));
        }
        return statuses;
    }

    private void announce(ServerEvent.Presence event, long userId) {
        events.toUsers(chats.contactsOf(userId), event);
    }
}
