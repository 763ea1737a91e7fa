package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Change;
import io.vestnik.domain.Chat;
import io.vestnik.domain.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The change log (decision 0029): every change is logged in its own transaction with the chat's
 * next number, gap-free under concurrency, none for a repeat or a refused change, each heard once
 * after its commit.
 */
public interface ChangeContract extends StoreFixture {
    Instant AT = Instant.parse("2026-12-05T11:00:00Z");

    @Test
    default void each_kind_of_change_is_logged_with_the_chats_next_number() {
        User ann = user();
        Chat chat = group(ann);
        long first = send(chat, ann, "one").seq();
        long second = send(chat, ann, "two").seq();
        storage().messages().edit(chat.id(), first, "one!", AT);
        storage().reactions().add(chat.id(), first, ann.id(), "👍", 20, AT);
        storage().pins().pin(chat.id(), first, ann.id(), AT);
        storage().pins().unpin(chat.id(), first, AT);
        storage().reactions().remove(chat.id(), first, ann.id(), "👍", AT);
        storage().messages().delete(chat.id(), second, null, AT);
        List<Change> log = storage().changes().after(chat.id(), 0, 100);
        assertThat(log).extracting(Change::number).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(log).extracting(Change::kind).containsExactly(Change.MESSAGE_UPDATED, Change.REACTION,
                Change.MESSAGE_PINNED, Change.MESSAGE_PINNED, Change.REACTION, Change.MESSAGE_DELETED);
        assertThat(log).extracting(Change::seq).containsExactly(first, first, first, first, first, second);
        assertThat(log.get(1).data()).contains("\"emoji\":\"👍\"", "\"added\":true", "\"user_id\":" + ann.id(), "\"count\":1");
        assertThat(log.get(3).data()).isEqualTo("{\"pinned\":false}");
        assertThat(storage().changes().after(chat.id(), 4, 100)).extracting(Change::number).containsExactly(5L, 6L);
        assertThat(storage().changes().lastNumber(chat.id())).isEqualTo(6);
        assertThat(storage().changes().lastNumbers(ann.id())).containsEntry(chat.id(), 6L);
    }

    @Test
    default void a_repeat_or_a_refused_change_takes_no_number() {
        User ann = user();
        Chat chat = group(ann);
        long seq = send(chat, ann, "one").seq();
        storage().reactions().add(chat.id(), seq, ann.id(), "👍", 20, AT);
        storage().reactions().add(chat.id(), seq, ann.id(), "👍", 20, AT);
        storage().reactions().add(chat.id(), seq + 5, ann.id(), "👍", 20, AT);
        storage().pins().unpin(chat.id(), seq, AT);
        storage().messages().edit(chat.id(), seq + 5, "nothing there", AT);
        assertThat(storage().changes().lastNumber(chat.id())).isEqualTo(1);
        Chat quiet = group(ann);
        assertThat(storage().changes().lastNumber(quiet.id())).isZero();
        assertThat(storage().changes().lastNumbers(ann.id())).containsEntry(quiet.id(), 0L);
    }

    @Test
    default void a_rolled_back_change_leaves_no_number() {
        User ann = user();
        User muted = user();
        Chat chat = group(ann, muted);
        long seq = send(chat, ann, "one").seq();
        storage().moderation().mute(chat.id(), muted.id(), AT.plusSeconds(3600), AT);
        try {
            storage().reactions().add(chat.id(), seq, muted.id(), "👍", 20, AT);
        } catch (MessageStore.Refused expected) {
            // the reaction's transaction rolled back after its checks
        }
        storage().reactions().add(chat.id(), seq, ann.id(), "👍", 20, AT);
        assertThat(storage().changes().after(chat.id(), 0, 10)).extracting(Change::number, Change::kind)
                .as("the mute (a change itself), then the reaction that went through: the refused one took no number")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, Change.MEMBER_MUTED), org.assertj.core.groups.Tuple.tuple(2L, Change.REACTION));
    }

    @Test
    default void concurrent_changes_in_one_chat_get_distinct_gap_free_numbers() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        long seq = send(chat, ann, "vote").seq();
        AtomicInteger next = new AtomicInteger();
        StoreFixture.concurrently(8, () -> {
            for (int i = 0; i < 4; i++) {
                storage().reactions().add(chat.id(), seq, ann.id(), ":e" + next.incrementAndGet() + ":", 100, AT);
            }
            return null;
        });
        List<Long> numbers = storage().changes().after(chat.id(), 0, 100).stream().map(Change::number).toList();
        List<Long> expected = new ArrayList<>();
        for (long n = 1; n <= 32; n++) expected.add(n);
        assertThat(numbers).isEqualTo(expected);
    }

    @Test
    default void every_committed_change_is_heard_once_after_its_commit() {
        User ann = user();
        Chat chat = group(ann);
        long seq = send(chat, ann, "one").seq();
        List<Change> heard = new CopyOnWriteArrayList<>();
        List<Long> storedWhenHeard = new CopyOnWriteArrayList<>();
        storage().changes().onCommitted(change -> {
            if (change.chatId() != chat.id()) return;
            heard.add(change);
            storedWhenHeard.add(storage().changes().lastNumber(chat.id()));
        });
        storage().reactions().add(chat.id(), seq, ann.id(), "👍", 20, AT);
        storage().reactions().add(chat.id(), seq, ann.id(), "👍", 20, AT);
        storage().messages().edit(chat.id(), seq, "edited", AT);
        assertThat(heard).extracting(Change::number).containsExactly(1L, 2L);
        assertThat(storedWhenHeard).containsExactly(1L, 2L);
    }

    @Test
    default void old_changes_are_trimmed_but_numbers_are_never_reused() {
        User ann = user();
        Chat chat = group(ann);
        long seq = send(chat, ann, "one").seq();
        storage().messages().edit(chat.id(), seq, "old edit", Instant.parse("2020-01-01T00:00:00Z"));
        storage().messages().edit(chat.id(), seq, "new edit", AT);
        assertThat(storage().changes().deleteOlderThan(Instant.parse("2021-01-01T00:00:00Z"), 1000)).isPositive();
        storage().messages().edit(chat.id(), seq, "newest", AT);
        assertThat(storage().changes().after(chat.id(), 0, 10)).extracting(Change::number).containsExactly(2L, 3L);
    }
}
