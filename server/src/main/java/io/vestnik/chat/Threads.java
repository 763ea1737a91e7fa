package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Message;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.MessageStore;
import io.vestnik.store.ThreadStore;
import java.util.List;

/**
 * Threads under root messages (decision 0030): a thread's own history, each participant's read
 * position in it, and the threads a user follows. Replies themselves are sent as messages
 * ({@link MessageService#send} with {@code thread_root_seq}). Blocking (call off the event loop).
 */
public final class Threads {
    private final ChatService chats;
    private final MessageService messages;
    private final MessageStore store;
    private final ThreadStore threads;
    private final Events events;

    public Threads(ChatService chats, MessageService messages, MessageStore store, ThreadStore threads, Events events) {
        this.chats = chats;
        this.messages = messages;
        this.store = store;
        this.threads = threads;
        this.events = events;
    }

    /** {@code root}: the thread's root (a tombstone when deleted); {@code messages}: a page of its replies, ascending. */
    public record ThreadHistory(Message root, List<Message> messages, boolean hasMore) {}

    /** The root and a page of the thread's replies, paged by seq like a chat's history. */
    public ThreadHistory history(Principal caller, long chatId, long rootSeq, Long beforeSeq, Long afterSeq, int limit) {
        chats.requireMember(caller, chatId);
        Message root = root(chatId, rootSeq);
        SeqPages.Page page = SeqPages.of(beforeSeq, afterSeq, limit, (seq, n) -> threads.before(chatId, rootSeq, seq, n),
                (seq, n) -> threads.after(chatId, rootSeq, seq, n));
        return new ThreadHistory(messages.forReader(List.of(root), caller.userId()).getFirst(),
                messages.forReader(page.messages(), caller.userId()), page.hasMore());
    }

    /**
     * Moves the caller's read position in the thread forward (never back, never past its last
     * reply), making them a participant; their other connections hear of it ({@code thread_read}).
     */
    public ThreadStore.Position markRead(Principal caller, long chatId, long rootSeq, Long seq) {
        long position = Check.nonNegative(seq, "seq");
        chats.requireMember(caller, chatId);
        root(chatId, rootSeq);
        ThreadStore.Position now = threads.markRead(chatId, rootSeq, caller.userId(), position)
                .orElseThrow(() -> Problem.notFound("Thread"));
        events.toUsers(List.of(caller.userId()), new ServerEvent.ThreadRead(chatId, rootSeq, now.readSeq(), now.unread()));
        return now;
    }

    /** One thread the caller follows, as {@code GET /api/v1/threads} lists it. */
    public record FollowedThread(long chatId, long rootSeq, Message root, long readSeq, long unread) {}

    public List<FollowedThread> followed(Principal caller, boolean unreadOnly, int limit) {
        List<ThreadStore.Followed> followed = threads.followed(caller.userId(), unreadOnly, limit);
        List<Message> roots = messages.forReader(followed.stream().map(ThreadStore.Followed::root).toList(), caller.userId());
        return java.util.stream.IntStream.range(0, followed.size())
                .mapToObj(i -> new FollowedThread(roots.get(i).chatId(), roots.get(i).seq(), roots.get(i),
                        followed.get(i).readSeq(), followed.get(i).unread()))
                .toList();
    }

    /** A message that is no reply: the root of its thread, with or without replies yet. */
    private Message root(long chatId, long rootSeq) {
        return store.find(chatId, rootSeq).filter(m -> m.threadRootSeq() == null)
                .orElseThrow(() -> Problem.notFound("Thread"));
    }
}
