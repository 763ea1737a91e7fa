package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.Reaction;
import io.vestnik.domain.User;
import io.vestnik.store.ReactionStore.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reactions: idempotent changes, the distinct-emoji limit under concurrent adds, and rows that go with their message. */
public interface ReactionContract extends StoreFixture {
    int LIMIT = 20;
    Instant NOW = Instant.parse("2026-11-22T05:00:00Z");

    @Test
    default void a_repeated_add_or_remove_changes_nothing_and_says_so() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        long seq = send(chat, ann, "hello").seq();
        ReactionStore reactions = storage().reactions();
        assertThat(reactions.add(chat.id(), seq, bob.id(), "👍", LIMIT, NOW).outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(reactions.add(chat.id(), seq, bob.id(), "👍", LIMIT, NOW).outcome()).isEqualTo(Outcome.UNCHANGED);
        ReactionStore.Change both = reactions.add(chat.id(), seq, ann.id(), "👍", LIMIT, NOW);
        assertThat(both.tallies()).singleElement().satisfies(thumbs -> {
            assertThat(thumbs.count()).isEqualTo(2);
            assertThat(thumbs.userIds()).containsExactlyInAnyOrder(bob.id(), ann.id());
        });
        assertThat(reactions.remove(chat.id(), seq, bob.id(), "👍", NOW).outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(reactions.remove(chat.id(), seq, bob.id(), "👍", NOW).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(reactions.tallies(chat.id(), seq, seq).get(seq)).containsExactly(Reaction.of("👍", List.of(ann.id())));
        assertThat(reactions.add(chat.id(), seq + 1, bob.id(), "👍", LIMIT, NOW).outcome()).isEqualTo(Outcome.NO_SUCH_MESSAGE);
    }

    @Test
    default void concurrent_adds_of_new_emoji_never_pass_the_limit() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        long seq = send(chat, ann, "vote").seq();
        AtomicInteger next = new AtomicInteger();
        List<Outcome> outcomes = StoreFixture.concurrently(8, () -> {
            List<Outcome> mine = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mine.add(storage().reactions().add(chat.id(), seq, ann.id(), ":e" + next.incrementAndGet() + ":", LIMIT, NOW).outcome());
            }
            return mine;
        }).stream().flatMap(List::stream).toList();
        assertThat(outcomes.stream().filter(o -> o == Outcome.CHANGED)).hasSize(LIMIT);
        assertThat(outcomes.stream().filter(o -> o == Outcome.TOO_MANY_EMOJI)).hasSize(32 - LIMIT);
        assertThat(storage().reactions().tallies(chat.id(), seq, seq).get(seq)).hasSize(LIMIT);
    }

    @Test
    default void a_deleted_message_keeps_no_reactions_and_takes_no_more() {
        User ann = user();
        Chat chat = group(ann);
        Message message = send(chat, ann, "oops");
        storage().reactions().add(chat.id(), message.seq(), ann.id(), "👍", LIMIT, NOW);
        storage().messages().delete(chat.id(), message.seq(), null, NOW);
        assertThat(storage().reactions().tallies(chat.id(), 1, Long.MAX_VALUE)).isEmpty();
        assertThat(storage().reactions().add(chat.id(), message.seq(), ann.id(), "👍", LIMIT, NOW).outcome())
                .isEqualTo(Outcome.NO_SUCH_MESSAGE);
    }

    @Test
    default void retention_removes_the_reactions_of_the_messages_it_removes() {
        User ann = user();
        Chat chat = group(ann);
        storage().messages().append(new MessageStore.NewMessage(chat.id(), ann.id(), StoreFixture.unique("c-"), "ancient",
                null, null, List.of(), Instant.parse("2020-01-01T00:00:00Z")));
        long recent = send(chat, ann, "recent").seq();
        storage().reactions().add(chat.id(), 1, ann.id(), "👍", LIMIT, NOW);
        storage().reactions().add(chat.id(), recent, ann.id(), "👍", LIMIT, NOW);
        assertThat(storage().messages().deleteOlderThan(Instant.parse("2021-01-01T00:00:00Z"), 10)).isEqualTo(1);
        assertThat(storage().reactions().tallies(chat.id(), 1, Long.MAX_VALUE)).containsOnlyKeys(recent);
    }
}
