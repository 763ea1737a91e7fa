package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.domain.Change;
import io.vestnik.domain.Chat;
import io.vestnik.domain.Member;
import io.vestnik.domain.Message;
import io.vestnik.domain.Report;
import io.vestnik.domain.User;
import io.vestnik.store.MessageStore.Appended;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refusal;
import io.vestnik.store.MessageStore.Refused;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Group moderation in storage: roles and the owner's hand-over, bans in force and lifted, slow mode
 * enforced by the append itself (one message per interval per plain member, also for appends racing
 * on several threads or meeting in one group commit), and reports filed once per reporter.
 */
public interface GroupModerationContract extends GroupCommitContract {

    private NewMessage at(Chat chat, User sender, String clientId, Instant now) {
        return new NewMessage(chat.id(), sender.id(), clientId, "hi", null, null, List.of(), now);
    }

    private Refused refusedAppend(NewMessage m) {
        try {
            storage().messages().append(m);
        } catch (Refused refused) {
            return refused;
        }
        throw new AssertionError("the append was stored");
    }

    @Test
    default void slow_mode_lets_a_member_send_once_per_interval_and_exempts_the_owner_and_admins() {
        User owner = user();
        User admin = user();
        User member = user();
        Chat chat = group(owner, admin, member);
        storage().chats().setRole(chat.id(), admin.id(), Member.ADMIN);
        storage().chats().setSlowMode(chat.id(), 10);
        assertThat(storage().chats().find(chat.id()).orElseThrow().slowModeSeconds()).isEqualTo(10);
        Appended first = storage().messages().append(at(chat, member, "m1", T0));
        Refused refused = refusedAppend(at(chat, member, "m2", T0.plusSeconds(4)));
        assertThat(refused.reason()).isEqualTo(Refusal.SLOW_MODE);
        assertThat(refused.until()).isEqualTo(T0.plusSeconds(10));
        assertThat(storage().messages().append(at(chat, member, "m1", T0.plusSeconds(5))).message())
                .as("a retry is answered with its message, slow mode or not").isEqualTo(first.message());
        for (User exempt : List.of(owner, admin)) {
            storage().messages().append(at(chat, exempt, "x1", T0.plusSeconds(1)));
            assertThat(storage().messages().append(at(chat, exempt, "x2", T0.plusSeconds(2))).created()).isTrue();
        }
        assertThat(storage().messages().append(at(chat, member, "m3", T0.plusSeconds(10))).created()).isTrue();
        storage().chats().setSlowMode(chat.id(), 0);
        assertThat(storage().messages().append(at(chat, member, "m4", T0.plusSeconds(11))).created()).isTrue();
        assertThat(storage().messages().after(chat.id(), 0, 20)).extracting(Message::clientId)
                .containsExactly("m1", "x1", "x2", "x1", "x2", "m3", "m4");
    }

    @Test
    default void slow_mode_stores_one_of_a_members_racing_appends() throws Exception {
        User owner = user();
        User member = user();
        Chat chat = group(owner, member);
        storage().chats().setSlowMode(chat.id(), 60);
        List<Boolean> stored = StoreFixture.concurrently(8, () -> {
            try {
                return storage().messages().append(at(chat, member, StoreFixture.unique("c-"), T0)).created();
            } catch (Refused refused) {
                assertThat(refused.reason()).isEqualTo(Refusal.SLOW_MODE);
                return false;
            }
        });
        assertThat(stored).containsOnlyOnce(true);
        assertThat(storage().messages().after(chat.id(), 0, 20)).hasSize(1);
    }

    @Test
    default void slow_mode_refuses_the_second_of_two_sends_in_one_group_commit_but_not_a_copy_of_the_first() throws Exception {
        User owner = user();
        User member = user();
        Chat chat = group(owner, member);
        storage().chats().setSlowMode(chat.id(), 60);
        List<CompletableFuture<Appended>> outcomes = queuedTogether(chat, owner, List.of(
                at(chat, member, "first", T0), at(chat, member, "second", T0), at(chat, member, "first", T0)));
        Appended first = outcomes.get(0).join();
        assertThat(first.created()).isTrue();
        assertThatThrownBy(outcomes.get(1)::join).cause().isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.SLOW_MODE));
        assertThat(outcomes.get(2).join().message()).isEqualTo(first.message());
        assertThat(storage().messages().after(chat.id(), 0, 20)).extracting(Message::clientId).containsOnlyOnce("first")
                .doesNotContain("second");
    }

    /**
     * A slow-mode append locks the chat, then the sender's member row (its turn); a read mark that
     * moves the member's position also moves the chat's version, so it must take them in the same
     * order, or on PostgreSQL each waits for the other until one fails as a deadlock.
     */
    @Test
    default void marking_read_while_sending_in_slow_mode_never_deadlocks() throws Exception {
        User owner = user();
        User member = user();
        Chat chat = group(owner, member);
        storage().chats().setSlowMode(chat.id(), 60);
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
        StoreFixture.concurrently(2, () -> {
            boolean sender = turn.getAndIncrement() == 0;
            for (int i = 1; i <= 200; i++) {
                if (sender) storage().messages().append(at(chat, owner, "s" + i, T0.plusSeconds(i)));
                else storage().chats().markRead(chat.id(), owner.id(), i);
            }
            return null;
        });
        assertThat(storage().messages().after(chat.id(), 0, 300)).hasSize(200);
    }

    @Test
    default void roles_change_for_members_only_and_ownership_moves_in_one_step() {
        User owner = user();
        User member = user();
        User stranger = user();
        Chat chat = group(owner, member);
        long version = storage().chats().version(chat.id());
        assertThat(storage().chats().setRole(chat.id(), member.id(), Member.ADMIN)).isTrue();
        assertThat(storage().chats().version(chat.id())).isGreaterThan(version);
        assertThat(storage().chats().setRole(chat.id(), owner.id(), Member.MEMBER)).as("the owner's role").isFalse();
        assertThat(storage().chats().setRole(chat.id(), stranger.id(), Member.ADMIN)).isFalse();
        assertThat(storage().chats().transferOwnership(chat.id(), member.id(), owner.id())).as("not the owner").isFalse();
        assertThat(storage().chats().transferOwnership(chat.id(), owner.id(), stranger.id())).as("not a member").isFalse();
        assertThat(storage().chats().transferOwnership(chat.id(), owner.id(), member.id())).isTrue();
        assertThat(storage().chats().find(chat.id()).orElseThrow().members()).extracting(Member::userId, Member::role)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(owner.id(), Member.ADMIN),
                        org.assertj.core.groups.Tuple.tuple(member.id(), Member.OWNER));
    }

    @Test
    default void a_ban_is_in_force_until_it_ends_or_is_lifted() {
        User owner = user();
        User banned = user();
        Chat chat = group(owner, banned);
        ModerationStore moderation = storage().moderation();
        assertThat(moderation.banOf(chat.id(), banned.id(), T0)).isEmpty();
        moderation.ban(chat.id(), banned.id(), null, owner.id(), T0);
        assertThat(moderation.banOf(chat.id(), banned.id(), T0.plusSeconds(86_400))).contains(new ModerationStore.Ban(null));
        moderation.ban(chat.id(), banned.id(), T0.plusSeconds(60), owner.id(), T0);
        assertThat(moderation.banOf(chat.id(), banned.id(), T0.plusSeconds(59))).contains(new ModerationStore.Ban(T0.plusSeconds(60)));
        assertThat(moderation.banOf(chat.id(), banned.id(), T0.plusSeconds(60))).as("ended").isEmpty();
        moderation.ban(chat.id(), banned.id(), null, owner.id(), T0);
        moderation.unban(chat.id(), banned.id());
        moderation.unban(chat.id(), banned.id());
        assertThat(moderation.banOf(chat.id(), banned.id(), T0)).isEmpty();
    }

    @Test
    default void a_ban_removes_a_member_and_records_the_ban_in_one_step() {
        User owner = user();
        User banned = user();
        User stranger = user();
        Chat chat = group(owner, banned);
        long version = storage().chats().version(chat.id());
        assertThat(storage().moderation().ban(chat.id(), banned.id(), null, owner.id(), T0)).as("removed").isTrue();
        assertThat(storage().chats().isMember(chat.id(), banned.id())).isFalse();
        assertThat(storage().moderation().banOf(chat.id(), banned.id(), T0)).isPresent();
        assertThat(storage().chats().version(chat.id())).as("a cached chat sees the removal").isGreaterThan(version);
        assertThat(storage().moderation().ban(chat.id(), banned.id(), null, owner.id(), T0)).as("a repeat").isFalse();
        assertThat(storage().moderation().ban(chat.id(), stranger.id(), null, owner.id(), T0)).as("not a member").isFalse();
        assertThat(storage().moderation().banOf(chat.id(), stranger.id(), T0)).isPresent();
    }

    /** The ban's record is written after the removal; a moderator who does not exist makes it fail. */
    @Test
    default void a_ban_that_fails_to_be_recorded_leaves_the_member_in_the_chat() {
        User owner = user();
        User member = user();
        Chat chat = group(owner, member);
        long version = storage().chats().version(chat.id());
        assertThatThrownBy(() -> storage().moderation().ban(chat.id(), member.id(), null, Long.MAX_VALUE / 2, T0))
                .isInstanceOf(RuntimeException.class);
        assertThat(storage().chats().isMember(chat.id(), member.id())).isTrue();
        assertThat(storage().moderation().banOf(chat.id(), member.id(), T0)).isEmpty();
        assertThat(storage().chats().version(chat.id())).isEqualTo(version);
    }

    @Test
    default void a_report_is_filed_once_per_reporter_keeps_the_message_and_is_resolved_once() {
        User sender = user();
        User reporter = user();
        Chat chat = group(sender, reporter);
        Message message = send(chat, sender, "rude words");
        ReportStore reports = storage().reports();
        var filed = reports.file(new ReportStore.NewReport(chat.id(), message.seq(), reporter.id(), "harassment", "please look"), T0)
                .orElseThrow();
        assertThat(filed.created()).isTrue();
        assertThat(filed.report()).extracting(Report::senderId, Report::body, Report::reason, Report::status)
                .containsExactly(sender.id(), "rude words", "harassment", "open");
        var again = reports.file(new ReportStore.NewReport(chat.id(), message.seq(), reporter.id(), "spam", null), T0).orElseThrow();
        assertThat(again.created()).isFalse();
        assertThat(again.report()).isEqualTo(filed.report());
        long id = filed.report().id();
        assertThat(reports.list(false, id - 1, 10)).extracting(Report::id).startsWith(id);
        storage().messages().delete(chat.id(), message.seq(), sender.id(), T0);
        assertThat(reports.file(new ReportStore.NewReport(chat.id(), message.seq(), sender.id(), "spam", null), T0))
                .as("a deleted message").isEmpty();
        Report resolved = reports.resolve(id, "actioned", "removed it", T0.plusSeconds(1)).orElseThrow();
        assertThat(resolved).extracting(Report::status, Report::resolution, Report::body)
                .containsExactly("resolved", "actioned", "rude words");
        assertThat(reports.resolve(id, "dismissed", null, T0.plusSeconds(2)).orElseThrow()).isEqualTo(resolved);
        assertThat(reports.list(false, id - 1, 10)).extracting(Report::id).doesNotContain(id);
        assertThat(reports.list(true, id - 1, 10)).extracting(Report::id).startsWith(id);
        assertThat(reports.resolve(Long.MAX_VALUE / 2, "dismissed", null, T0)).isEmpty();
    }

    @Test
    default void mutes_unmutes_and_deletions_are_changes_of_the_chat_and_a_deletion_says_who() {
        User owner = user();
        User member = user();
        Chat chat = group(owner, member);
        long seq = send(chat, member, "x").seq();
        storage().moderation().mute(chat.id(), member.id(), null, T0);
        storage().moderation().unmute(chat.id(), member.id(), T0);
        storage().moderation().unmute(chat.id(), member.id(), T0);
        storage().messages().delete(chat.id(), seq, owner.id(), T0);
        List<Change> changes = storage().changes().after(chat.id(), 0, 10);
        assertThat(changes).extracting(Change::kind).as("lifting no mute is no change")
                .containsExactly(Change.MEMBER_MUTED, Change.MEMBER_MUTED, Change.MESSAGE_DELETED);
        assertThat(changes.get(0).data()).contains("\"user_id\":" + member.id(), "\"muted\":true", "\"until\":null");
        assertThat(changes.get(1).data()).contains("\"muted\":false");
        assertThat(changes.get(2).data()).contains("\"deleted_by\":" + owner.id());
    }
}
