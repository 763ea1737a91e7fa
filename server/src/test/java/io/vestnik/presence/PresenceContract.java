package io.vestnik.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every {@link Presence} promises; run by one subclass per implementation. */
@Timeout(60)
abstract class PresenceContract {
    protected Presence presence;
    protected String nodeId;

    /** A fresh presence of node {@code nodeId}. */
    protected abstract Presence newPresence(String nodeId);

    @BeforeEach
    void open() {
        nodeId = "test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        presence = newPresence(nodeId);
    }

    @AfterEach
    void shut() throws Exception {
        presence.close();
        closeResources();
    }

    /** Runs after the presence is closed: what it was built on. */
    protected void closeResources() throws Exception {}

    /** User ids unlikely to be used by another run against the same Redis. */
    protected static long freshUser() {
        return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 62);
    }

    protected String connection(int n) {
        return nodeId + ":" + n;
    }

    @Test
    void online_while_any_connection_is_open() {
        long user = freshUser();
        long other = freshUser();
        assertThat(presence.connected(user, connection(1))).isTrue();
        assertThat(presence.connected(user, connection(2))).isFalse();
        assertThat(presence.online(List.of(user, other))).containsExactly(user);

        assertThat(presence.disconnected(user, connection(1))).isFalse();
        assertThat(presence.online(List.of(user))).containsExactly(user);
        assertThat(presence.disconnected(user, connection(2))).isTrue();
        assertThat(presence.online(List.of(user, other))).isEmpty();
        assertThat(presence.disconnected(user, connection(2))).as("closing twice is not a second transition").isFalse();
    }

    @Test
    void each_transition_is_seen_exactly_once_under_concurrent_connects_and_disconnects() throws Exception {
        long user = freshUser();
        AtomicInteger online = new AtomicInteger();
        AtomicInteger offline = new AtomicInteger();

        inParallel(200, i -> { if (presence.connected(user, connection(i))) online.incrementAndGet(); });
        assertThat(online).as("only the first of 200 simultaneous connections brings the user online").hasValue(1);
        inParallel(200, i -> { if (presence.disconnected(user, connection(i))) offline.incrementAndGet(); });
        assertThat(offline).as("only the last of 200 simultaneous closes takes the user offline").hasValue(1);

        inParallel(400, i -> {
            if (presence.connected(user, connection(1000 + i))) online.incrementAndGet();
            if (presence.disconnected(user, connection(1000 + i))) offline.incrementAndGet();
        });
        assertThat(presence.online(Set.of(user))).isEmpty();
        assertThat(online.get()).as("every came-online is matched by exactly one went-offline").isEqualTo(offline.get());
    }

    /** Runs {@code task(0..n-1)} on 16 threads released at the same instant. */
    protected static void inParallel(int n, IntConsumer task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    start.await();
                    task.accept(index);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(50, TimeUnit.SECONDS);
        }
    }
}
