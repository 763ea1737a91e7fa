package io.vestnik.cache;

import io.vestnik.domain.Chat;
import io.vestnik.domain.Member;
import io.vestnik.domain.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One chat as cached: the chat (metadata and members) and its latest messages, contiguous seqs in
 * ascending order ending at the chat's last seq (or below it, when a restore moved the chat's seqs
 * on past messages it lost), all as storage held them at {@code version} (see
 * {@link io.vestnik.store.ChatStore#version}). It may also hold changes committed after that
 * version (a load racing a write); such an entry is never used, because storage's version has moved.
 *
 * <p>Immutable. The "with" methods return the entry after one change, tagged with the version
 * that change produced; they are only called when that version is known to be exactly one more.
 */
public record ChatEntry(long version, Chat chat, List<Message> messages) {

    public ChatEntry {
        messages = List.copyOf(contiguousTail(messages));
    }

    /**
     * The messages after the last hole in their seqs: a restore moves a chat's seqs on past the ones
     * it lost, and the window's arithmetic (seq - first seq = index) needs no hole; older seqs are
     * then read from storage.
     */
    private static List<Message> contiguousTail(List<Message> messages) {
        int from = messages.size() - 1;
        while (from > 0 && messages.get(from - 1).seq() == messages.get(from).seq() - 1) from--;
        return from <= 0 ? messages : messages.subList(from, messages.size());
    }

    /** The lowest seq this entry can answer for: 1 when it holds the whole history. */
    long firstSeq() {
        return messages.isEmpty() ? chat.lastSeq() + 1 : messages.getFirst().seq();
    }

    long lastSeq() {
        return messages.isEmpty() ? chat.lastSeq() : messages.getLast().seq();
    }

    /** The message at {@code seq} (empty when there is none), or null when the window does not cover it. */
    Optional<Message> find(long seq) {
        if (seq > lastSeq() || seq < 1) return Optional.empty();
        if (seq < firstSeq()) return null;
        return Optional.of(messages.get((int) (seq - firstSeq())));
    }

    /** As {@link io.vestnik.store.MessageStore#after}; null when older messages than the window would be needed. */
    List<Message> after(long afterSeq, int limit) {
        if (afterSeq + 1 < firstSeq() && firstSeq() > 1) return null;
        int from = (int) Math.max(0, Math.min(messages.size(), afterSeq + 1 - firstSeq()));
        return messages.subList(from, Math.min(messages.size(), from + Math.max(0, limit)));
    }

    /** As {@link io.vestnik.store.MessageStore#before}; null when older messages than the window would be needed. */
    List<Message> before(long beforeSeq, int limit) {
        long top = Math.min(beforeSeq - 1, lastSeq());
        if (limit <= 0 || top < 1) return List.of();
        long bottom = Math.max(1, top - limit + 1);
        if (bottom < firstSeq()) return null;
        return messages.subList((int) (bottom - firstSeq()), (int) (top - firstSeq() + 1));
    }

    /** After {@code message} was appended as the next seq; the oldest messages beyond {@code capacity} fall off. */
    ChatEntry withAppended(long newVersion, Message message, int capacity) {
        List<Message> window = new ArrayList<>(messages);
        window.add(message);
        if (window.size() > capacity) window = window.subList(window.size() - capacity, window.size());
        return new ChatEntry(newVersion, chat.withLastMessage(message.seq(), message.createdAt()), window);
    }

    /** After an edit or delete turned the message at its seq into {@code message}; null when the window lacks that seq. */
    ChatEntry withReplaced(long newVersion, Message message) {
        if (find(message.seq()) == null || find(message.seq()).isEmpty()) return null;
        List<Message> window = new ArrayList<>(messages);
        window.set((int) (message.seq() - firstSeq()), message);
        return new ChatEntry(newVersion, chat, window);
    }

    /** After the member's read position moved to {@code position}. */
    ChatEntry withReadPosition(long newVersion, long userId, long position) {
        List<Member> members = new ArrayList<>(chat.members());
        members.replaceAll(m -> m.userId() == userId ? new Member(m.userId(), m.role(), position) : m);
        return new ChatEntry(newVersion, chat.withMembers(members), messages);
    }
}
