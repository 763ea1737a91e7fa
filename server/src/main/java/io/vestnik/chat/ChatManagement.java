package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Member;
import io.vestnik.protocol.ChatView;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.ChatStore;
import java.time.Clock;
import java.util.List;

/**
 * A group's profile (title, description, avatar), each member's own state of a chat (archived,
 * muted, marked unread), and deleting: a group for everyone by its owner, a direct or listing
 * chat for the caller alone. Blocking (call off the event loop); a chat the caller is not in
 * answers 404.
 */
public final class ChatManagement {
    static final int MAX_DESCRIPTION_CHARS = 1000;
    static final int MAX_AVATAR_URL_CHARS = 2000;

    private final ChatService chats;
    private final ChatStore store;
    private final Events events;
    private final Clock clock;

    public ChatManagement(ChatService chats, ChatStore store, Events events, Clock clock) {
        this.chats = chats;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** An owner or admin changes a group's profile; every member gets {@code chat_profile}, a change of the chat's log. */
    public ChatView updateProfile(Principal caller, long chatId, Requests.ChatProfile request) {
        Chat chat = chats.memberOf(caller, chatId);
        if (chat.kind() != ChatKind.GROUP) throw Problem.of(ErrorCode.CONFLICT, "Only a group has a title, description and avatar.");
        if (!chat.member(caller.userId()).moderates()) {
            throw Problem.of(ErrorCode.FORBIDDEN, "Only the group's owner or an admin may change it.");
        }
        store.updateProfile(chatId, new ChatStore.Profile(
                request.title() == null ? chat.title() : Check.text(request.title(), "title", 200),
                request.description() == null ? chat.description() : emptyIsNone(Check.present(request.description(), "description"),
                        "description", MAX_DESCRIPTION_CHARS),
                request.avatarUrl() == null ? chat.avatarUrl() : avatarUrl(request.avatarUrl())), clock.instant());
        return chats.view(chats.memberOf(caller, chatId), caller.userId());
    }

    private static String emptyIsNone(String value, String field, int maxLength) {
        return value.isEmpty() ? null : Check.text(value, field, maxLength);
    }

    /** An http(s) URL the host application serves: Vestnik never turns an attachment into a public link (decision 0032). */
    private static String avatarUrl(String value) {
        String url = emptyIsNone(value, "avatar_url", MAX_AVATAR_URL_CHARS);
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            throw Problem.invalid("Field 'avatar_url' must be an http or https URL.");
        }
        return url;
    }

    /** Changes the caller's own state of the chat; their devices get {@code chat_state}. */
    public ChatView updateState(Principal caller, long chatId, Requests.ChatState request) {
        Chat chat = chats.memberOf(caller, chatId);
        ChatStore.MemberState was = store.state(chatId, caller.userId()).orElseThrow(() -> Problem.notFound("Chat"));
        ChatStore.MemberState now = merged(was, request);
        store.putState(chatId, caller.userId(), now);
        boolean muted = ChatView.isMuted(now, clock.instant());
        events.toUsers(List.of(caller.userId()), new ServerEvent.ChatState(chatId, now.archived(), muted,
                muted ? now.mutedUntil() : null, now.markedUnread()));
        return chats.view(chat, caller.userId());
    }

    /** Null fields keep their value; a {@code muted_until} mutes until then; unmuting drops it. */
    private ChatStore.MemberState merged(ChatStore.MemberState was, Requests.ChatState request) {
        if (request.mutedUntil() != null && Boolean.FALSE.equals(request.muted())) {
            throw Problem.invalid("Field 'muted_until' goes with 'muted': true.");
        }
        if (request.mutedUntil() != null && !request.mutedUntil().isAfter(clock.instant())) {
            throw Problem.invalid("Field 'muted_until' must be in the future.");
        }
        boolean muted = request.mutedUntil() != null || (request.muted() == null ? was.muted() : request.muted());
        java.time.Instant until = !muted ? null : request.muted() != null || request.mutedUntil() != null ? request.mutedUntil() : was.mutedUntil();
        return new ChatStore.MemberState(
                request.archived() == null ? was.archived() : request.archived(),
                muted, until,
                request.markedUnread() == null ? was.markedUnread() : request.markedUnread());
    }

    /**
     * A group is deleted for everyone, by its owner only: every member gets {@code chat_deleted}
     * and loses access. A direct or listing chat is hidden for the caller alone until its next
     * message; their devices get {@code chat_deleted} with scope "me".
     */
    public void delete(Principal caller, long chatId) {
        Chat chat = chats.memberOf(caller, chatId);
        if (chat.kind() != ChatKind.GROUP) {
            store.hide(chatId, caller.userId());
            events.toUsers(List.of(caller.userId()), new ServerEvent.ChatDeleted(chatId, "me"));
            return;
        }
        if (!Member.OWNER.equals(chat.member(caller.userId()).role())) {
            throw Problem.of(ErrorCode.FORBIDDEN, "Only the group's owner may delete it; members may leave it.");
        }
        events.deleted(chatId, store.delete(chatId, clock.instant()));
    }
}
