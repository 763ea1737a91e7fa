package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Member;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.protocol.ChatView;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MessageStore;
import io.vestnik.store.ModerationStore;
import io.vestnik.store.UserBlockStore;
import io.vestnik.store.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chats and membership. Every method blocks on storage (call off the event loop) and answers
 * 404 for a chat the caller is not a member of, so its existence is not revealed.
 */
public final class ChatService {
    static final int MAX_GROUP_MEMBERS = 1000;

    private final ChatStore chats;
    private final MessageStore messages;
    private final UserStore users;
    private final UserBlockStore blocks;
    private final Events events;
    private final Attachments attachments;
    private final ModerationStore moderation;
    private final Clock clock;

    public ChatService(ChatStore chats, MessageStore messages, UserStore users, UserBlockStore blocks, Events events,
                       Attachments attachments, ModerationStore moderation, Clock clock) {
        this.chats = chats;
        this.moderation = moderation;
        this.messages = messages;
        this.users = users;
        this.blocks = blocks;
        this.events = events;
        this.attachments = attachments;
        this.clock = clock;
    }

    public record Opened(ChatView chat, boolean created) {}

    public record Page(List<ChatView> chats, String nextCursor) {}

    public record UnreadSummary(long total, List<ChatUnread> chats) {}

    public record ChatUnread(long chatId, long unread) {}

    public Opened create(Principal caller, Requests.CreateChat request) {
        ChatStore.Created created = open(caller.userId(), request);
        return new Opened(view(created.chat(), caller.userId()), created.created());
    }

    /**
     * {@link #create} for the host application's servers, with {@code ownerId} in the caller's
     * place (the owner of a group; any member of a direct or listing chat). The chat comes as
     * every member sees it: {@code unread_count} is null.
     */
    public Opened createForHost(long ownerId, Requests.CreateChat request) {
        ChatStore.Created created = open(ownerId, request);
        return new Opened(shared(created.chat()), created.created());
    }

    private ChatStore.Created open(long ownerId, Requests.CreateChat request) {
        ChatStore.NewChat chat = NewChats.from(ownerId, request);
        Set<Long> others = new LinkedHashSet<>(chat.memberIds());
        others.remove(ownerId);
        if (users.findAll(others).size() != others.size()) throw Problem.notFound("User");
        if (chat.kind() != ChatKind.GROUP) refuseBlocked(ownerId, others);
        ChatStore.Created created = chats.create(chat, clock.instant());
        if (created.created()) {
            events.joined(created.chat().id(), memberIds(created.chat()), ChatView.of(created.chat(), null, null));
        }
        return created;
    }

    /**
     * No direct or listing chat opens between two users when either blocks the other. The same
     * answer whoever blocked whom, so a blocked user does not learn which of them it was.
     */
    private void refuseBlocked(long ownerId, Set<Long> others) {
        for (long other : others) {
            if (blocks.eitherBlocks(ownerId, other)) {
                throw Problem.of(ErrorCode.FORBIDDEN, "A chat with this user cannot be opened.");
            }
        }
    }

    /** Whom the user blocks: their messages are left out of what the user reads. One indexed read. */
    public Set<Long> blockedSenders(long userId) {
        return blocks.relations(userId).blocked();
    }

    public ChatView get(Principal caller, long chatId) {
        return view(memberOf(caller, chatId), caller.userId());
    }

    /** The caller's chats; {@code archived} true lists only archived ones, false only the others, null all. */
    public Page list(Principal caller, Boolean archived, String cursor, int limit) {
        List<Chat> page = chats.listForUser(caller.userId(), archived, Cursors.decode(cursor), limit + 1);
        boolean more = page.size() > limit;
        List<Chat> shown = more ? page.subList(0, limit) : page;
        Map<Long, Long> unread = unreadByChat(caller.userId());
        Map<Long, ChatStore.MemberState> states = chats.states(caller.userId());
        Set<Long> blocked = blockedSenders(caller.userId());
        List<ChatView> views = new ArrayList<>(shown.size());
        for (Chat chat : shown) {
            views.add(view(chat, unread.getOrDefault(chat.id(), 0L), states.getOrDefault(chat.id(), ChatStore.MemberState.DEFAULT), blocked));
        }
        String next = more ? Cursors.encode(shown.getLast()) : null;
        return new Page(views, next);
    }

    /** Per chat with unread messages, or marked unread (which counts at least one). */
    public UnreadSummary unread(Principal caller) {
        Map<Long, Long> perChat = new java.util.TreeMap<>(unreadByChat(caller.userId()));
        chats.states(caller.userId()).forEach((chatId, state) -> {
            if (state.markedUnread()) perChat.merge(chatId, 1L, Math::max);
        });
        long total = perChat.values().stream().mapToLong(Long::longValue).sum();
        return new UnreadSummary(total, perChat.entrySet().stream().map(u -> new ChatUnread(u.getKey(), u.getValue())).toList());
    }

    public ChatView addMember(Principal caller, long chatId, Long userId) {
        long newMember = Check.positive(userId, "user_id");
        Chat chat = memberOf(caller, chatId);
        requireGroup(chat);
        return view(admit(chat, existingUser(newMember)), caller.userId());
    }

    /**
     * {@link #addMember} for the host application's servers: to any group, and a bot to any chat
     * (a direct or listing chat keeps its two people; a bot beside them posts notices or answers).
     * The chat comes as every member sees it.
     */
    public ChatView addMemberForHost(long chatId, long userId) {
        User user = existingUser(userId);
        Chat chat = forHost(chatId);
        if (!user.bot()) requireGroup(chat);
        return shared(admit(chat, user));
    }

    /** A user banned from the group (see {@link GroupModeration#ban}) is refused until the ban ends or is lifted. */
    private Chat admit(Chat chat, User newMember) {
        moderation.banOf(chat.id(), newMember.id(), clock.instant()).ifPresent(ban -> {
            throw Problem.restricted(ErrorCode.BANNED, "User " + newMember.id() + " is banned from this group"
                    + (ban.until() == null ? " until a moderator lifts it." : " until " + ban.until() + "."), ban.until());
        });
        if (chat.members().size() >= MAX_GROUP_MEMBERS) {
            throw Problem.of(ErrorCode.CONFLICT, "A group holds at most " + MAX_GROUP_MEMBERS + " members.");
        }
        if (!chats.addMember(chat.id(), newMember.id(), Member.MEMBER, clock.instant())) {
            throw Problem.of(ErrorCode.CONFLICT, "User " + newMember.id() + " is already a member.");
        }
        Chat updated = chats.find(chat.id()).orElseThrow();
        ChatView shared = ChatView.of(updated, null, null);
        events.toChat(chat.id(), new ServerEvent.ChatUpdated(shared));
        events.joined(chat.id(), List.of(newMember.id()), shared);
        return updated;
    }

    User existingUser(long userId) {
        return users.find(userId).orElseThrow(() -> Problem.notFound("User"));
    }

    /** A member may leave; only the owner may remove someone else. */
    public void removeMember(Principal caller, long chatId, long userId) {
        Chat chat = memberOf(caller, chatId);
        requireGroup(chat);
        Member self = chat.member(caller.userId());
        if (userId != caller.userId() && !Member.OWNER.equals(self.role())) {
            throw Problem.of(ErrorCode.FORBIDDEN, "Only the chat's owner may remove other members.");
        }
        remove(chat, userId);
    }

    /** {@link #removeMember} for the host application's servers: anyone from any group, a bot from any chat. */
    public void removeMemberForHost(long chatId, long userId) {
        Chat chat = forHost(chatId);
        if (!existingUser(userId).bot()) requireGroup(chat);
        remove(chat, userId);
    }

    /** Removes the member, tells them (their connections leave the chat on every node) and the rest of the chat. */
    void remove(Chat chat, long userId) {
        if (!chats.removeMember(chat.id(), userId)) throw Problem.notFound("Member");
        announceRemoval(chat, userId);
    }

    /** After {@code userId}'s removal is stored: tells them and the rest of the chat, as {@link #remove} does. */
    void announceRemoval(Chat chat, long userId) {
        Chat updated = chats.find(chat.id()).orElseThrow();
        ChatView shared = ChatView.of(updated, null, null);
        events.left(chat.id(), userId, shared);
        events.toChat(chat.id(), new ServerEvent.ChatUpdated(shared));
    }

    /**
     * After a change to the chat row or its members' roles: tells every member ({@code chat_updated})
     * and returns the chat as {@code readerId} sees it.
     */
    ChatView announceChange(long chatId, long readerId) {
        Chat updated = chats.find(chatId).orElseThrow(() -> Problem.notFound("Chat"));
        events.toChat(chatId, new ServerEvent.ChatUpdated(ChatView.of(updated, null, null)));
        return view(updated, readerId);
    }

    /** Moves the caller's read position forward and tells the chat (receipts, own devices' sync). */
    public long markRead(Principal caller, long chatId, Long seq) {
        long position = Check.nonNegative(seq, "seq");
        requireMember(caller, chatId);
        long now = chats.markRead(chatId, caller.userId(), position);
        events.toChat(chatId, new ServerEvent.MessageRead(chatId, now, caller.userId()));
        return now;
    }

    public void requireMember(Principal caller, long chatId) {
        if (!chats.isMember(chatId, caller.userId())) throw Problem.notFound("Chat");
    }

    /** {@link #forHost} as every member sees it: with its last message, no reader's unread count. */
    public ChatView getForHost(long chatId) {
        return shared(forHost(chatId));
    }

    /** Any chat, for the host application's servers, who are in none: 404 only when it does not exist. */
    public Chat forHost(long chatId) {
        return chats.find(chatId).orElseThrow(() -> Problem.notFound("Chat"));
    }

    Chat memberOf(Principal caller, long chatId) {
        return chats.find(chatId).filter(c -> c.hasMember(caller.userId())).orElseThrow(() -> Problem.notFound("Chat"));
    }

    private static void requireGroup(Chat chat) {
        if (chat.kind() != ChatKind.GROUP) {
            throw Problem.of(ErrorCode.CONFLICT, "The members of a " + chat.kind().wire() + " chat are fixed.");
        }
    }

    ChatView view(Chat chat, long readerId) {
        return view(chat, unreadByChat(readerId).getOrDefault(chat.id(), 0L),
                chats.state(chat.id(), readerId).orElse(ChatStore.MemberState.DEFAULT), blockedSenders(readerId));
    }

    /** A last message from a sender the reader blocks is not shown. */
    private ChatView view(Chat chat, long unread, ChatStore.MemberState state, Set<Long> blocked) {
        Message last = lastMessage(chat);
        if (last != null && blocked.contains(last.senderId())) last = null;
        return ChatView.forReader(chat, last, unread, state, clock.instant());
    }

    /** The chat with its last message and no reader's unread count. */
    ChatView shared(Chat chat) {
        return ChatView.of(chat, lastMessage(chat), null);
    }

    /** The last message shown in the chat: a reply kept in its thread is not the chat's last message. */
    private Message lastMessage(Chat chat) {
        if (chat.lastSeq() == 0) return null;
        Message last = messages.find(chat.id(), chat.lastSeq()).orElse(null);
        if (last != null && !last.shownInChat()) last = messages.shownBefore(chat.id(), chat.lastSeq(), 1).stream().findFirst().orElse(null);
        return last == null ? null : attachments.signed(last);
    }

    private Map<Long, Long> unreadByChat(long userId) {
        return chats.unread(userId).stream().collect(Collectors.toMap(ChatStore.Unread::chatId, ChatStore.Unread::count));
    }

    private static List<Long> memberIds(Chat chat) {
        return chat.members().stream().map(Member::userId).toList();
    }
}
