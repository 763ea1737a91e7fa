package io.vestnik.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Message;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The per-connection promise: whatever order the broker delivers in, and whatever it drops, a
 * connection writes each chat's seqs once, in order, without gaps. Storage fetches are completed,
 * and the grace a live gap gets before it is filled is ended, by hand so the races can be staged exactly.
 */
class ChatStreamsTest {
    private static final long CHAT = 7;

    private final TreeMap<Long, Message> stored = new TreeMap<>();
    private final Deque<Runnable> pendingFetches = new ArrayDeque<>();
    private final List<Long> written = new ArrayList<>();
    /** What was written, as "m<seq>" for a message and "c<number>" for a change, in order. */
    private final List<String> order = new ArrayList<>();
    /** The chat's change log in storage: number -> seq of the message it changes. */
    private final TreeMap<Long, Long> changes = new TreeMap<>();
    private final List<String> frames = new ArrayList<>();
    private final java.util.Set<Long> unacked = new java.util.HashSet<>();
    /** While the client is behind, pages of a replay wait here until the test lets them go. */
    private final Deque<Runnable> waitingForClient = new ArrayDeque<>();
    private boolean clientBehind;
    /** Graces running for live gaps; a cancelled one leaves the list. */
    private final List<Runnable> graces = new ArrayList<>();
    private final ChatStreams streams = new ChatStreams(
            new ChatStreams.Sink() {
                @Override
                public void write(long chatId, long seq, String frame, long publishedAt) {
                    if (chatId > 0) written.add(seq);
                    frames.add(frame);
                    order.add((chatId > 0 ? "m" : "c") + seq);
                }

                @Override
                public void whenReady(Runnable next) {
                    if (clientBehind) waitingForClient.add(next);
                    else next.run();
                }
            },
            this::fetch,
            (millis, task) -> {
                assertThat(millis).isEqualTo(ChatStreams.LIVE_GAP_GRACE_MILLIS);
                graces.add(task);
                return () -> graces.remove(task);
            });

    private void fetch(long chatId, long afterSeq, int limit, Consumer<List<ChatStreams.Stored>> onFetched) {
        if (chatId == ChatStreams.changesOf(CHAT)) {
            List<ChatStreams.Stored> page = changes.tailMap(afterSeq, false).entrySet().stream().limit(limit)
                    .map(change -> new ChatStreams.Stored(change.getKey(), "change " + change.getKey(), false, change.getValue()))
                    .toList();
            pendingFetches.add(() -> onFetched.accept(page));
            return;
        }
        List<ChatStreams.Stored> page = stored.tailMap(afterSeq, false).values().stream().limit(limit)
                .map(message -> new ChatStreams.Stored(message.seq(), "frame " + message.seq(), unacked.contains(message.seq())))
                .toList();
        pendingFetches.add(() -> onFetched.accept(page));
    }

    private void commit(long... seqs) {
        for (long seq : seqs) stored.put(seq, message(seq));
    }

    private void live(long seq) {
        streams.onLive(CHAT, seq, "frame " + seq, 1);
    }

    /** Ends the graces running now, as their timers would. */
    private void graceEnds() {
        List<Runnable> due = List.copyOf(graces);
        graces.clear();
        due.forEach(Runnable::run);
    }

    /** Messages 1-3 are stored and 3 came live first: it is held in a grace for 1 and 2. */
    private Runnable threeHeldInAGrace() {
        streams.track(CHAT, 0);
        commit(1, 2, 3);
        live(3);
        assertThat(written).isEmpty();
        return theGrace();
    }

    /** Messages 1-3 are stored, 1 is written; change n of the log changes message {@code messageOfChange[n - 1]}. */
    private void messagesAndChanges(long... messageOfChange) {
        streams.track(CHAT, 1);
        streams.track(ChatStreams.changesOf(CHAT), 0);
        commit(1, 2, 3);
        for (int i = 0; i < messageOfChange.length; i++) changes.put(i + 1L, messageOfChange[i]);
    }

    /** The one grace running now, for a test to fire after it was cancelled, as a late timer would. */
    private Runnable theGrace() {
        assertThat(graces).as("one grace per stream").hasSize(1);
        return graces.getFirst();
    }

    /** Nothing waits: no grace runs and no storage read is under way. */
    private void assertSettledWithoutARead() {
        assertThat(graces).isEmpty();
        assertThat(pendingFetches).isEmpty();
    }

    /** Answers the fetches issued so far; fetches they cause wait for the next call. */
    private void completeFetches() {
        for (int issued = pendingFetches.size(); issued > 0; issued--) pendingFetches.poll().run();
    }

    @Test
    void writes_consecutive_messages_at_once_and_drops_duplicates() {
        streams.track(CHAT, 0);
        commit(1, 2);
        live(1);
        live(2);
        live(1);
        live(2);
        assertThat(written).containsExactly(1L, 2L);
        assertThat(pendingFetches).isEmpty();
    }

    @Test
    void holds_a_message_that_arrives_early_and_fills_the_gap_from_storage() {
        threeHeldInAGrace();
        graceEnds();
        live(1);
        assertThat(written).as("nothing overtakes the fill").isEmpty();
        completeFetches();
        assertThat(written).containsExactly(1L, 2L, 3L);
        live(2);
        assertThat(written).containsExactly(1L, 2L, 3L);
    }

    @Test
    void fetches_again_when_the_missing_message_was_committed_after_the_fetch_began() {
        streams.track(CHAT, 0);
        commit(1, 2);
        live(2);
        graceEnds();
        commit(3, 4);
        live(4);
        completeFetches();
        completeFetches();
        assertThat(written).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void never_skips_a_message_committed_while_an_empty_fetch_was_in_flight() {
        streams.track(CHAT, 0);
        streams.resume(CHAT, 0, () -> { });
        commit(1, 2);
        live(2);
        completeFetches();
        assertThat(written).as("the first fetch saw nothing, but 1 exists now").isEmpty();
        completeFetches();
        assertThat(written).containsExactly(1L, 2L);
    }

    @Test
    void skips_a_hole_that_storage_no_longer_has_so_the_reader_never_stalls() {
        streams.track(CHAT, 0);
        commit(3);
        live(3);
        graceEnds();
        completeFetches();
        completeFetches();
        assertThat(written).containsExactly(3L);
    }

    @Test
    void a_replay_passes_a_hole_that_a_restore_left_in_the_chat_and_goes_on_after_it() {
        streams.track(CHAT, 12);
        commit(1, 2, 3, 11, 12); // the restore lost 4-10 and moved the chat's seqs on past them
        streams.resume(CHAT, 2, () -> { });
        completeFetches();
        assertThat(written).containsExactly(3L, 11L, 12L);
        streams.resume(CHAT, 6, () -> { });
        completeFetches();
        assertThat(written).as("from a position inside the hole").containsExactly(3L, 11L, 12L, 11L, 12L);
        live(13);
        assertThat(written).containsExactly(3L, 11L, 12L, 11L, 12L, 13L);
    }

    @Test
    void resume_resends_everything_after_the_clients_position_in_pages_then_continues_live() {
        streams.track(CHAT, 1300);
        LongStream.rangeClosed(1, 1300).forEach(this::commit);
        boolean[] done = {false};
        streams.resume(CHAT, 10, () -> done[0] = true);
        commit(1301);
        live(1301);
        completeFetches();
        completeFetches();
        completeFetches();
        assertThat(done[0]).isTrue();
        assertThat(written).containsExactlyElementsOf(LongStream.rangeClosed(11, 1301).boxed().toList());
    }

    @Test
    void a_chat_seen_first_live_starts_at_that_message() {
        commit(41, 42);
        live(42);
        live(41);
        assertThat(written).containsExactly(42L);
    }

    @Test
    void the_ack_of_an_own_message_takes_its_place_in_seq_order() {
        streams.track(CHAT, 0);
        commit(1, 2, 3);
        streams.onOwn(CHAT, 2, "ack 2");
        live(3);
        assertThat(written).as("held behind the missing 1").isEmpty();
        live(1);
        completeFetches();
        assertThat(frames).containsExactly("frame 1", "ack 2", "frame 3");
    }

    @Test
    void a_fill_leaves_an_own_unacked_message_to_its_ack_which_is_never_dropped() {
        streams.track(CHAT, 0);
        commit(1, 2, 3);
        unacked.add(2L);
        live(3);
        graceEnds();
        completeFetches();
        assertThat(frames).containsExactly("frame 1", "frame 3");
        streams.onOwn(CHAT, 2, "ack 2");
        assertThat(frames).containsExactly("frame 1", "frame 3", "ack 2");
    }

    @Test
    void the_ack_of_a_repeated_send_waits_for_its_place_and_is_not_replaced_by_the_same_message() {
        streams.track(CHAT, 0);
        commit(1, 2, 3);
        streams.onOwn(CHAT, 3, "ack 3"); // stored earlier, answered again to a resend after a reconnect
        live(3);
        live(1);
        graceEnds();
        completeFetches();
        assertThat(frames).as("a client resuming from the highest seq it saw skips nothing")
                .containsExactly("frame 1", "frame 2", "ack 3");
    }

    @Test
    void a_long_replay_goes_on_page_by_page_only_as_the_client_takes_it() {
        clientBehind = true;
        streams.track(CHAT, 1_200);
        for (long seq = 1; seq <= 1_200; seq++) commit(seq);
        streams.resume(CHAT, 0, () -> { });
        completeFetches();
        assertThat(written).hasSize(ChatStreams.FILL_PAGE);
        assertThat(pendingFetches).as("no next page while the client is behind").isEmpty();

        while (!waitingForClient.isEmpty()) {
            waitingForClient.poll().run();
            completeFetches();
        }
        assertThat(written).containsExactlyElementsOf(LongStream.rangeClosed(1, 1_200).boxed().toList());
    }

    @Test
    void a_live_change_to_a_message_not_yet_written_waits_for_it() {
        streams.track(CHAT, 1);
        streams.track(ChatStreams.changesOf(CHAT), 0);
        commit(1, 2);
        changes.put(1L, 2L);
        changes.put(2L, 1L);
        streams.onLiveChange(CHAT, 1, 2, "change 1", 1); // message 2's own event is still on its way
        streams.onLiveChange(CHAT, 2, 1, "change 2", 1);
        assertThat(order).isEmpty();
        completeFetches(); // the chat's messages catch up, which lets the changes go on
        completeFetches();
        assertThat(order).containsExactly("m2", "c1", "c2");
        live(2);
        streams.onLiveChange(CHAT, 2, 1, "change 2", 1);
        assertThat(order).containsExactly("m2", "c1", "c2");
    }

    @Test
    void a_change_whose_message_is_gone_for_good_does_not_stall_the_changes() {
        streams.track(CHAT, 1);
        streams.track(ChatStreams.changesOf(CHAT), 0);
        changes.put(1L, 5L); // message 5 was removed by retention after it was changed
        streams.onLiveChange(CHAT, 1, 5, "change 1", 1);
        completeFetches();
        completeFetches();
        assertThat(order).containsExactly("c1");
    }

    @Test
    void resume_replays_changes_after_the_clients_number_and_never_before_their_messages() {
        streams.track(CHAT, 3);
        streams.track(ChatStreams.changesOf(CHAT), 3);
        commit(1, 2, 3);
        changes.put(1L, 1L);
        changes.put(2L, 3L);
        changes.put(3L, 2L);
        boolean[] done = new boolean[2];
        streams.resume(CHAT, 1, () -> done[0] = true);
        streams.resume(ChatStreams.changesOf(CHAT), 1, () -> done[1] = true);
        for (int round = 0; round < 5; round++) completeFetches();
        assertThat(order).containsSubsequence("m3", "c2").containsSubsequence("c2", "c3")
                .containsExactlyInAnyOrder("m2", "m3", "c2", "c3");
        assertThat(done).containsExactly(true, true);
    }

    @Test
    void an_ack_ahead_of_the_broker_waits_for_the_message_before_it_without_a_fill() {
        streams.track(CHAT, 0);
        commit(1, 2);
        streams.onOwn(CHAT, 2, "ack 2"); // the reply path beat the broker's delivery of 1
        assertThat(frames).as("held behind the missing 1").isEmpty();
        assertThat(graces).hasSize(1);
        live(1);
        assertThat(frames).containsExactly("frame 1", "ack 2");
        assertSettledWithoutARead();
    }

    @Test
    void a_live_gap_keeps_one_grace_until_it_closes() {
        streams.track(CHAT, 0);
        commit(1, 2, 3, 4);
        live(4);
        live(2);
        Runnable grace = theGrace();
        live(1);
        assertThat(written).as("3 is still missing").containsExactly(1L, 2L);
        assertThat(theGrace()).isSameAs(grace);
        live(3);
        assertThat(written).containsExactly(1L, 2L, 3L, 4L);
        assertSettledWithoutARead();
    }

    @Test
    void a_gap_still_open_when_the_grace_ends_is_filled_from_storage() {
        threeHeldInAGrace();
        live(1);
        assertThat(written).containsExactly(1L);
        assertThat(pendingFetches).as("not before the grace ends").isEmpty();
        graceEnds();
        live(2);
        assertThat(written).as("nothing overtakes the fill").containsExactly(1L);
        completeFetches();
        assertThat(written).containsExactly(1L, 2L, 3L);
        assertSettledWithoutARead();
    }

    @Test
    void a_forgotten_chat_ends_its_grace_without_a_fill() {
        Runnable grace = threeHeldInAGrace();
        streams.forget(CHAT);
        grace.run();
        assertSettledWithoutARead();
        live(5);
        assertThat(written).as("tracked afresh from the next live message").containsExactly(5L);

        live(7);
        streams.forgetAll();
        assertSettledWithoutARead();
    }

    @Test
    void a_resume_during_a_grace_fills_at_once_and_the_grace_does_nothing() {
        streams.track(CHAT, 0);
        commit(1, 2, 3);
        streams.onOwn(CHAT, 3, "ack 3");
        Runnable grace = theGrace();
        boolean[] done = {false};
        streams.resume(CHAT, 0, () -> done[0] = true);
        assertThat(graces).as("cancelled").isEmpty();
        grace.run();
        assertThat(pendingFetches).as("only the resume's fetch").hasSize(1);
        completeFetches();
        assertThat(frames).containsExactly("frame 1", "frame 2", "ack 3");
        assertThat(done[0]).isTrue();
        live(2);
        assertThat(frames).hasSize(3);
    }

    @Test
    void a_change_ahead_of_the_change_before_it_waits_the_grace_and_never_overtakes_its_message() {
        messagesAndChanges(1, 3);
        streams.onLiveChange(CHAT, 2, 3, "change 2", 1);
        assertThat(graces).hasSize(1);
        streams.onLiveChange(CHAT, 1, 1, "change 1", 1);
        assertThat(order).as("change 2 waits for message 3").containsExactly("c1");
        assertThat(graces).as("waiting for a message is no live gap").isEmpty();
        completeFetches(); // the chat's messages catch up, which lets change 2 go on
        completeFetches();
        assertThat(order).containsExactly("c1", "m2", "m3", "c2");
    }

    @Test
    void a_change_waiting_for_a_message_held_in_a_grace_ends_the_grace_with_a_fill() {
        messagesAndChanges(3);
        live(3);
        assertThat(graces).hasSize(1);
        streams.onLiveChange(CHAT, 1, 3, "change 1", 1);
        assertThat(graces).isEmpty();
        completeFetches();
        completeFetches();
        assertThat(order).containsExactly("m2", "m3", "c1");
    }

    private static Message message(long seq) {
        return new Message(seq, CHAT, seq, 1, "m" + seq, "c" + seq, Instant.EPOCH, null, false, null, null, List.of(), null);
    }
}
