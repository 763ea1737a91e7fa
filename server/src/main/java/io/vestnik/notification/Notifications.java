package io.vestnik.notification;

import io.vestnik.broker.Envelope;
import io.vestnik.broker.LocalRouter;
import io.vestnik.broker.Topics;
import io.vestnik.domain.Notification;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.NotificationStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Application notifications: the host sends one to a user, it is stored as the user's next seq
 * and then published to every live connection of theirs on every node, as a {@code notification}
 * event in the user's notification stream ({@link Envelope#NOTIFICATIONS}); devices that were away
 * get it on resume or page through it. Thread-safe. Blocking (storage): call off the event loop.
 */
public final class Notifications {
    static final int MAX_KIND = 64;
    static final int MAX_TITLE = 200;
    static final int MAX_BODY = 4_000;
    static final int MAX_DATA_BYTES = 4096;
    static final int MAX_CLIENT_ID = 128;

    private final NotificationStore store;
    private final LocalRouter router;
    private final Clock clock;

    public Notifications(NotificationStore store, LocalRouter router, Clock clock) {
        this.store = store;
        this.router = router;
        this.clock = clock;
    }

    /** {@code POST /api/v1/server/notifications}; the recipient is resolved by the caller. */
    public record Send(String externalId, String clientId, String kind, String title, String body, Map<String, Object> data) {}

    /** {@code GET /api/v1/notifications}: a page in seq order, whether more follow, and how many are unread. */
    public record Page(List<Notification> notifications, boolean hasMore, long unread) {}

    /** {@code POST /api/v1/notifications/read}. */
    public record MarkRead(Long upToSeq) {}

    /** {@code POST /api/v1/notifications/read}'s answer. */
    public record ReadState(long readSeq, long unread) {}

    /**
     * The one place a notification is created: stored (durable once this returns), then published
     * after the commit. A repeated {@code client_id} for the same user returns the first one and
     * publishes nothing.
     *
     * @throws Problem invalid_request for a field out of bounds
     */
    public NotificationStore.Added create(long userId, Send send) {
        var draft = new NotificationStore.Draft(userId, clientId(send.clientId()), Check.text(send.kind(), "kind", MAX_KIND),
                Check.text(send.title(), "title", MAX_TITLE), body(send.body()),
                Check.jsonObject(send.data(), "data", MAX_DATA_BYTES));
        NotificationStore.Added added = store.add(draft, clock.instant());
        if (added.created()) publish(userId, added.notification());
        return added;
    }

    private void publish(long userId, Notification notification) {
        router.publish(Envelope.event(Topics.user(userId), Envelope.NOTIFICATIONS, notification.seq(), null, frame(notification)));
    }

    /** The {@code notification} event's frame, as live connections and replays write it. */
    public static String frame(Notification notification) {
        return Json.write(new ServerEvent.NotificationCreated(notification));
    }

    /** Up to {@code limit} notifications after {@code afterSeq} (0 or absent: from the first). */
    public Page page(long userId, Long afterSeq, int limit) {
        long after = afterSeq == null ? 0 : Check.nonNegative(afterSeq, "after_seq");
        List<Notification> page = store.after(userId, after, limit + 1);
        boolean more = page.size() > limit;
        return new Page(more ? page.subList(0, limit) : page, more, store.unread(userId));
    }

    /** Notifications for a connection catching up, after {@code afterSeq}. */
    public List<Notification> catchUp(long userId, long afterSeq, int limit) {
        return store.after(userId, afterSeq, limit);
    }

    /** The user's highest seq: where a new connection's notification stream starts. */
    public long lastSeq(long userId) {
        return store.lastSeq(userId);
    }

    /** Marks every notification up to {@code up_to_seq} read; the read position never moves back. */
    public ReadState markRead(long userId, MarkRead request) {
        long readSeq = store.markRead(userId, Check.nonNegative(request.upToSeq(), "up_to_seq"));
        return new ReadState(readSeq, store.unread(userId));
    }

    private static String clientId(String clientId) {
        return clientId == null ? null : Check.text(clientId, "client_id", MAX_CLIENT_ID);
    }

    private static String body(String body) {
        if (body == null) return "";
        if (body.length() > MAX_BODY) throw Problem.invalid("Field 'body' must be at most " + MAX_BODY + " characters.");
        return body;
    }
}
