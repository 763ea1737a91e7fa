package io.vestnik.broker.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tells the inbox it may have missed messages after every reconnect of a subscribing connection
 * (not its first connect): what was published meanwhile is gone from Pub/Sub. Lettuce resubscribes
 * confirmed channels right after reconnecting, so the catch-up waits {@link #CATCH_UP_AFTER}.
 */
final class Reconnects implements RedisConnectionStateListener {
    private static final Duration CATCH_UP_AFTER = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final PubSubLink.Inbox inbox;
    private final Set<RedisChannelHandler<?, ?>> connectedBefore = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    Reconnects(ClientResources resources, PubSubLink.Inbox inbox) {
        this.resources = resources;
        this.inbox = inbox;
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (!connectedBefore.add(connection)) {
            resources.eventExecutorGroup().schedule(inbox::mayHaveMissed, CATCH_UP_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
