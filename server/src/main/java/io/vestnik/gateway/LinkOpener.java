package io.vestnik.gateway;

import io.vertx.core.Future;
import io.vestnik.broker.Envelope;
import io.vestnik.chat.Changes;
import io.vestnik.config.Durations;
import io.vestnik.metrics.Metrics;
import io.vestnik.notification.Notifications;
import io.vestnik.presence.PresenceService;
import io.vestnik.store.ChatStore;
import io.vestnik.store.UserBlockStore;
import io.vestnik.transport.Offload;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a link's feed live and undoes it: registers the link, subscribes its feed to the user's
 * topics, reads where each stream stands, and marks the user online. Shared by the WebSocket
 * endpoint and the event streams.
 */
public final class LinkOpener {
    private static final Logger log = LoggerFactory.getLogger(LinkOpener.class);
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(3);

    /** The reads an opening makes, all blocking. */
    public record Reads(ChatStore chats, UserBlockStore userBlocks, Notifications notifications, Changes changes) {}

    private final Links links;
    private final Offload offload;
    private final Reads reads;
    private final PresenceService presence;
    private final Metrics metrics;

    public LinkOpener(Links links, Offload offload, Reads reads, PresenceService presence, Metrics metrics) {
        this.links = links;
        this.offload = offload;
        this.reads = reads;
        this.presence = presence;
        this.metrics = metrics;
    }

    /**
     * Registers a link and brings its feed live. The user's chat positions are read only once the
     * subscriptions are live, so every message is either in storage at that read or on its way
     * through the broker; {@code plan} turns them into the feed's start (it runs off the event loop
     * and may block). {@code online}: the link counts for presence while open.
     */
    public <T> Future<T> open(Link link, Feed feed, boolean online, Function<Map<Long, ChatStore.Position>, T> plan) {
        links.add(link);
        metrics.connectionOpened(link.transport());
        long userId = link.principal().userId();
        return offload.call(link.context(), () -> {
            List<Long> chatIds = reads.chats().chatIdsOf(userId);
            awaitLive(feed.subscribe(chatIds), link.id());
            // Read once subscribed: a block made after this read arrives as an instruction.
            feed.blocks().loading();
            feed.blocks().loaded(reads.userBlocks().relations(userId));
            T start = plan.apply(positions(userId));
            if (online) presence.connected(userId, link.id());
            return start;
        });
    }

    /**
     * Every stream's position: the user's chats, their notifications under
     * {@link Envelope#NOTIFICATIONS} (joined at 0, so a cursor saved before notifications existed
     * replays them all), and each chat's change log under {@link ChatStreams#changesOf}. Blocking.
     */
    private Map<Long, ChatStore.Position> positions(long userId) {
        Map<Long, ChatStore.Position> positions = new HashMap<>(reads.chats().positions(userId));
        positions.put(Envelope.NOTIFICATIONS, new ChatStore.Position(0, reads.notifications().lastSeq(userId)));
        reads.changes().lastNumbers(userId).forEach((chatId, last) ->
                positions.put(ChatStreams.changesOf(chatId), new ChatStore.Position(0, last)));
        return positions;
    }

    /** Undoes {@link #open}; call once the opening has completed, whatever its outcome. */
    public void closed(Link link, Feed feed, boolean online) {
        feed.close();
        if (links.remove(link)) {
            metrics.connectionClosed(link.transport(), link.closeCode());
            if (online) offload.run(() -> presence.disconnected(link.principal().userId(), link.id()));
        }
    }

    /**
     * A broker that cannot confirm in time (reconnecting) does not keep the user out: gaps are
     * then filled from storage later.
     */
    private static void awaitLive(CompletableFuture<Void> subscriptions, String linkId) {
        try {
            subscriptions.get(SUBSCRIBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("subscriptions of {} not confirmed in {}; continuing", linkId, Durations.format(SUBSCRIBE_WAIT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
