package io.vestnik.client;

import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One chat's messages as the application sees them: each once, in seq order, with no gap.
 * {@code position} is the highest seq emitted. A message at or below it is a duplicate and
 * dropped; one above {@code position + 1} waits — with everything after it — while the gap is
 * fetched from history ({@code after_seq}, pages of 500). A message of a user this user blocks
 * is only a seq ({@code message_hidden}, or a page's {@code hidden_seqs}): it moves the position on
 * and is never emitted. Used on the connection's thread only.
 */
final class ChatStream {
    static final int PAGE = 500;

    /** {@code GET /api/v1/chats/{id}/messages?after_seq=&limit=}: ascending seq. */
    interface History {
        HistoryPage after(long chatId, long afterSeq, int limit);
    }

    private final long chatId;
    private final History history;
    private final Consumer<Message> emit;
    private final TreeMap<Long, Message> early = new TreeMap<>();
    private final java.util.Set<Long> hidden = new java.util.HashSet<>();
    private long position;
    private boolean wantsCatchUp;
    private boolean filling;

    ChatStream(long chatId, long position, History history, Consumer<Message> emit) {
        this.chatId = chatId;
        this.position = position;
        this.history = history;
        this.emit = emit;
    }

    long chatId() {
        return chatId;
    }

    long position() {
        return position;
    }

    /** Throws the history's {@link VestnikException} when a gap could not be fetched: call {@link #fill()} again later. */
    void accept(Message message) {
        if (message.seq() <= position || early.containsKey(message.seq())) return;
        early.put(message.seq(), message);
        emitReady();
        fill();
    }

    /** Seq {@code seq} holds a message this user must not see: pass over it. */
    void pass(long seq) {
        if (seq <= position) return;
        hidden.add(seq);
        emitReady();
        fill();
    }

    /** Fetches whatever the server stored after {@code position}. */
    void catchUp() {
        wantsCatchUp = true;
        fill();
    }

    /** One fetch loop at a time; it runs until nothing is missing. */
    void fill() {
        if (filling) return;
        filling = true;
        try {
            while (wantsCatchUp || !early.isEmpty() || !hidden.isEmpty()) fetchPage();
        } finally {
            filling = false;
        }
    }

    private void fetchPage() {
        HistoryPage page = history.after(chatId, position, PAGE);
        for (long seq : page.hiddenSeqs()) if (seq > position) hidden.add(seq);
        for (Message message : page.messages()) accept(message);
        emitReady();
        if (!page.hasMore() || (page.messages().isEmpty() && page.hiddenSeqs().isEmpty())) {
            wantsCatchUp = false;
            // Nothing stored fills the gap (messages of a chat that was reset): move past it.
            long next = Math.min(early.isEmpty() ? Long.MAX_VALUE : early.firstKey(),
                    hidden.stream().min(Long::compare).orElse(Long.MAX_VALUE));
            if (next != Long.MAX_VALUE) {
                position = next - 1;
                emitReady();
            }
        }
    }

    private void emitReady() {
        for (;;) {
            if (hidden.remove(position + 1)) {
                position++;
                continue;
            }
            Message next = early.remove(position + 1);
            if (next == null) break;
            position = next.seq();
            emit.accept(next);
        }
        hidden.removeIf(seq -> seq <= position);
    }
}
