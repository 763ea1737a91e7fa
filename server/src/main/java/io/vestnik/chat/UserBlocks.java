package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.UserBlockStore;
import io.vestnik.store.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A user blocks or unblocks another (decision 0032). Each change is stored, then announced to
 * both users' connections on every node, which from then on filter what they show. Blocking
 * (call off the event loop).
 */
public final class UserBlocks {
    private final UserBlockStore blocks;
    private final UserStore users;
    private final Events events;
    private final Clock clock;

    public UserBlocks(UserBlockStore blocks, UserStore users, Events events, Clock clock) {
        this.blocks = blocks;
        this.users = users;
        this.events = events;
        this.clock = clock;
    }

    /** One entry of the caller's block list. */
    public record Blocked(long userId, String displayName, Instant createdAt) {}

    /** True when the block is new; blocking someone already blocked changes nothing. */
    public boolean block(Principal caller, long userId) {
        if (userId == caller.userId()) throw Problem.of(ErrorCode.INVALID_REQUEST, "You cannot block yourself.");
        users.find(userId).orElseThrow(() -> Problem.notFound("User"));
        boolean created = blocks.block(caller.userId(), userId, clock.instant());
        if (created) events.blocksChanged(caller.userId(), userId, true);
        return created;
    }

    /** Idempotent: unblocking someone not blocked changes nothing. */
    public void unblock(Principal caller, long userId) {
        if (blocks.unblock(caller.userId(), userId)) events.blocksChanged(caller.userId(), userId, false);
    }

    /** Whom the caller blocks, most recent first. */
    public List<Blocked> list(Principal caller) {
        List<UserBlockStore.Block> list = blocks.blocksOf(caller.userId());
        var names = new java.util.HashMap<Long, String>();
        users.findAll(list.stream().map(UserBlockStore.Block::userId).toList()).forEach(u -> names.put(u.id(), u.displayName()));
        return list.stream().map(b -> new Blocked(b.userId(), names.get(b.userId()), b.createdAt())).toList();
    }
}
