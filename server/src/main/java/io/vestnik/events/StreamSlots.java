package io.vestnik.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many SSE streams and long polls each user holds open on this node, against a cap: each one
 * holds a request, a feed and its subscriptions, so one signed-in user must not hold thousands.
 * Per node, not cluster-wide: a user is capped at {@code perUser} times the number of nodes, still
 * bounded, with no shared counter to leak when a node dies. Thread-safe.
 */
final class StreamSlots {
    private final int perUser;
    private final Map<Long, Integer> held = new ConcurrentHashMap<>();

    StreamSlots(int perUser) {
        this.perUser = perUser;
    }

    int perUser() {
        return perUser;
    }

    /** Takes a slot for the user; false (and nothing taken) when they hold the cap already. */
    boolean take(long userId) {
        boolean[] taken = {false};
        held.compute(userId, (user, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perUser) return count;
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back a slot {@link #take} gave. */
    void release(long userId) {
        held.computeIfPresent(userId, (user, count) -> count <= 1 ? null : count - 1);
    }
}
