package io.vestnik.chaos;

import io.vestnik.testing.Endpoint;
import io.vestnik.testing.HttpApi;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Moderation in the chaos mix (decision 0031): a group's owner, over HTTP through whichever node
 * answers ({@link AnyNode}), every 1-3 s mutes a member (for 2-5 s, or until lifted), lifts a mute
 * it set, or removes a message of the chat (never the thread's root). Mutes and removals are
 * entries of the chat's change log (decision 0029), so every member's client must get each once,
 * in order; muted members' sends are refused meanwhile.
 * <p>
 * Each call is repeated while unanswered, and an attempt that got no answer may have taken effect:
 * so the moderator keeps bounds, not a count, of the {@code member_muted} entries its calls wrote,
 * and the removals that may have happened beside the ones it saw answered. Role changes and bans
 * are left out: neither is in the change log (a role reaches members as {@code chat_updated},
 * live only, and a ban removes the member), so there is no order to check them against.
 */
final class ChaosModerator {
    private static final long ACT_EVERY_MS = 2_000;

    final long chatId;
    private final HttpApi.User owner;
    private final List<Long> memberIds;
    private final AnyNode nodes;
    /** The highest seq the owner's client has of the chat: removals pick below it. */
    private final LongSupplier highestHad;
    private final Random random;

    // Everything below is guarded by "this".
    /** Members it muted and has not unmuted: true when the mute was answered (surely in place). */
    private final Map<Long, Boolean> muted = new HashMap<>();
    private int mutesLogged;
    private int mutesMaybeLogged;
    private final Set<Long> removed = new HashSet<>();
    private final Set<Long> maybeRemoved = new HashSet<>();
    private int mutes;
    private int unmutes;
    private int retries;
    private volatile boolean moderating = true;
    private Thread loop;

    ChaosModerator(long chatId, HttpApi.User owner, List<Long> memberIds, List<? extends Endpoint> endpoints, LongSupplier highestHad) {
        this.chatId = chatId;
        this.owner = owner;
        this.memberIds = List.copyOf(memberIds);
        this.nodes = new AnyNode(endpoints, (int) chatId);
        this.highestHad = highestHad;
        this.random = new Random(2_000 + chatId);
    }

    void start() {
        loop = Thread.ofVirtual().name("chaos-moderator-" + chatId).start(this::run);
    }

    /** Stops after the call under way has its answer (or is given up). */
    void stop() throws InterruptedException {
        moderating = false;
        if (loop != null) loop.join(AnyNode.GIVE_UP_MS + 5_000);
    }

    // ---- results, read after stop ----

    /** The fewest {@code member_muted} entries its calls wrote to the chat's change log. */
    synchronized int mutesLogged() {
        return mutesLogged;
    }

    /** The most: attempts that got no answer may have written one each. */
    synchronized int mutesLoggedAtMost() {
        return mutesLogged + mutesMaybeLogged;
    }

    /** Seqs whose removal was answered 204: each must be a tombstone in storage. */
    synchronized Set<Long> removed() {
        return Set.copyOf(removed);
    }

    /** Seqs whose removal got no answer, or only a 404 after an attempt that got none: either way. */
    synchronized Set<Long> maybeRemoved() {
        return Set.copyOf(maybeRemoved);
    }

    synchronized int mutes() {
        return mutes;
    }

    synchronized int unmutes() {
        return unmutes;
    }

    synchronized int retries() {
        return retries;
    }

    private void run() {
        while (moderating) {
            AnyNode.pause(ACT_EVERY_MS / 2 + random.nextInt((int) ACT_EVERY_MS));
            switch (random.nextInt(3)) {
                case 0 -> mute();
                case 1 -> unmute();
                default -> remove();
            }
        }
    }

    /** A member not muted by it: for 2-5 s, or (every other time) until lifted. */
    private void mute() {
        List<Long> candidates;
        synchronized (this) {
            candidates = memberIds.stream().filter(id -> !muted.containsKey(id)).toList();
        }
        if (candidates.isEmpty()) return;
        long member = candidates.get(random.nextInt(candidates.size()));
        Instant until = random.nextBoolean() ? null : Instant.now().plusMillis(2_000 + random.nextInt(3_000));
        AnyNode.Result result = nodes.call("PUT", memberPath(member) + "/mute", owner.token(),
                until == null ? Map.of() : Map.of("until", until.toString()));
        synchronized (this) {
            retries += result.unanswered();
            // Each attempt that reached the store replaced the mute and logged it: an answered one
            // surely, an unanswered one perhaps.
            mutesMaybeLogged += result.unanswered();
            if (result.succeeded()) {
                mutes++;
                mutesLogged++;
            }
            muted.put(member, result.succeeded());
        }
    }

    /** Lifts a mute it set; the row is there if that mute was answered, so the lift is logged once. */
    private void unmute() {
        Map.Entry<Long, Boolean> target;
        synchronized (this) {
            if (muted.isEmpty()) return;
            target = List.copyOf(muted.entrySet()).get(random.nextInt(muted.size()));
        }
        AnyNode.Result result = nodes.call("DELETE", memberPath(target.getKey()) + "/mute", owner.token(), null);
        synchronized (this) {
            retries += result.unanswered();
            // However many attempts reached the store, only the first found the row to delete.
            if (result.succeeded() && target.getValue()) {
                mutesLogged++;
            } else {
                mutesMaybeLogged++;
            }
            if (result.succeeded()) {
                unmutes++;
                muted.remove(target.getKey());
            } else {
                muted.put(target.getKey(), false); // an attempt may have lifted it: no longer surely there
            }
        }
    }

    /** A message other than the thread's root that it has not removed yet. */
    private void remove() {
        long highest = highestHad.getAsLong();
        if (highest <= ChaosRun.THREAD_ROOT_SEQ) return;
        long seq = ChaosRun.THREAD_ROOT_SEQ + 1 + random.nextLong(highest - ChaosRun.THREAD_ROOT_SEQ);
        synchronized (this) {
            if (removed.contains(seq) || maybeRemoved.contains(seq)) return;
        }
        AnyNode.Result result = nodes.call("DELETE", "/api/v1/chats/" + chatId + "/messages/" + seq, owner.token(), null);
        synchronized (this) {
            retries += result.unanswered();
            if (result.succeeded()) {
                removed.add(seq);
            } else if (result.unanswered() > 0) {
                maybeRemoved.add(seq);
            }
        }
    }

    private String memberPath(long member) {
        return "/api/v1/chats/" + chatId + "/members/" + member;
    }
}
