package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vestnik.broker.LocalRouter;
import io.vestnik.chat.Changes;
import io.vestnik.chat.Deliveries;
import io.vestnik.chat.MessageService;
import io.vestnik.domain.Message;
import io.vestnik.metrics.Metrics;
import io.vestnik.notification.Notifications;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.transport.Offload;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link Feed} of this node shares, whatever its transport: the local router it joins
 * topics on, one executor per event loop, storage reads for catching up (retried until storage
 * answers), and the count of what reached a client.
 */
public final class Feeds {
    private static final Logger log = LoggerFactory.getLogger(Feeds.class);
    private static final long RETRY_MILLIS = 1000;

    private final Vertx vertx;
    private final Offload offload;
    private final LocalRouter router;
    private final Notifications notifications;
    private final Changes changes;
    private final Deliveries deliveries;
    private final Metrics metrics;
    private final SharedFetches sharedFetches;
    private final EventLoopWrites loops;

    public Feeds(Vertx vertx, Offload offload, LocalRouter router, MessageService messages, Notifications notifications,
                 Changes changes, Deliveries deliveries, Metrics metrics) {
        this.vertx = vertx;
        this.offload = offload;
        this.router = router;
        this.notifications = notifications;
        this.changes = changes;
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.loops = new EventLoopWrites(metrics);
        this.sharedFetches = new SharedFetches(messages::catchUp, offload::run);
    }

    LocalRouter router() {
        return router;
    }

    /** Its event loop's writes ({@link EventLoopWrites}). */
    LoopWrites loopOf(Context context) {
        return loops.of(context);
    }

    /** Called on a feed's event loop; answers there. Retries until storage answers. */
    void fetchAfter(long chatId, long afterSeq, int limit, Consumer<List<Message>> onFetched) {
        Context context = vertx.getOrCreateContext();
        sharedFetches.fetch(chatId, afterSeq, limit).whenComplete((messages, failure) -> context.runOnContext(ignored -> {
                    if (failure == null) {
                        onFetched.accept(messages);
                        return;
                    }
                    log.warn("catching up chat {} failed, retrying: {}", chatId, failure.toString());
                    vertx.setTimer(RETRY_MILLIS, retry -> fetchAfter(chatId, afterSeq, limit, onFetched));
                }));
    }

    /** Called on a feed's event loop; answers there. Retries until storage answers. */
    void fetchNotifications(long userId, long afterSeq, int limit, Consumer<List<ChatStreams.Stored>> onFetched) {
        fetchStored(() -> notifications.catchUp(userId, afterSeq, limit).stream()
                .map(n -> new ChatStreams.Stored(n.seq(), Notifications.frame(n), false)).toList(),
                "notifications of " + userId, onFetched);
    }

    /** Called on a feed's event loop; answers there. Retries until storage answers. */
    void fetchChanges(long chatId, long afterNumber, int limit, Consumer<List<ChatStreams.Stored>> onFetched) {
        fetchStored(() -> changes.after(chatId, afterNumber, limit).stream()
                .map(c -> new ChatStreams.Stored(c.number(), c.frame(), false, c.seq())).toList(),
                "the changes of chat " + chatId, onFetched);
    }

    /** Reads off the event loop and answers on the caller's; on failure tries again a second later. */
    private void fetchStored(Callable<List<ChatStreams.Stored>> read, String what,
                             Consumer<List<ChatStreams.Stored>> onFetched) {
        Context context = vertx.getOrCreateContext();
        offload.call(context, read).onComplete(result -> {
            if (result.succeeded()) {
                onFetched.accept(result.result());
                return;
            }
            log.warn("catching up {} failed, retrying: {}", what, result.cause().toString());
            vertx.setTimer(RETRY_MILLIS, retry -> fetchStored(read, what, onFetched));
        });
    }

    /**
     * A message reached one of the user's devices: counted, and its delivered position moves. A
     * notification or a change is only counted: it has no delivery receipts.
     */
    public void delivered(long chatId, long userId, long seq, long publishedAtMillis) {
        metrics.delivered(1, publishedAtMillis);
        receivedUpTo(chatId, userId, seq);
    }

    /** The delivered position alone, for a WebSocket, whose deliveries its {@link LoopWrites} counts. */
    void receivedUpTo(long chatId, long userId, long seq) {
        if (chatId > 0) deliveries.record(chatId, userId, seq);
    }

    static String newMessageFrame(Message message) {
        return Json.write(new ServerEvent.NewMessage(message.chatId(), message));
    }
}
