package io.vestnik.client;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every tracked chat's {@link ChatStream} and the positions behind them, which {@code resume}
 * sends. A chat is tracked from the position the application gave, from the seq at which the user
 * joined it, or else from the first message seen. Used on the connection's thread only.
 */
final class ChatStreams {
    private final Map<Long, ChatStream> streams = new LinkedHashMap<>();
    private final ChatStream.History history;
    private final Consumer<Message> emit;
    private final Consumer<ChatStream> fetchFailed;

    /** {@code fetchFailed} gets a stream whose history fetch failed, to {@link ChatStream#fill()} again later. */
    ChatStreams(ChatStream.History history, Consumer<Message> emit, Consumer<ChatStream> fetchFailed) {
        this.history = history;
        this.emit = emit;
        this.fetchFailed = fetchFailed;
    }

    /** {@code {chat_id: last seq emitted}}, keys as strings, as {@code resume} takes them. */
    Map<String, Long> positions() {
        Map<String, Long> positions = new HashMap<>();
        streams.forEach((chatId, stream) -> positions.put(Long.toString(chatId), stream.position()));
        return positions;
    }

    Set<Long> chatIds() {
        return Set.copyOf(streams.keySet());
    }

    /** Starts a chat's stream after {@code seq} unless it is tracked already; answers whether it was new. */
    boolean track(long chatId, long seq) {
        if (streams.containsKey(chatId)) return false;
        streams.put(chatId, new ChatStream(chatId, seq, history, emit));
        return true;
    }

    void forget(long chatId) {
        streams.remove(chatId);
    }

    void accept(Message message) {
        track(message.chatId(), message.seq() - 1);
        guarded(streams.get(message.chatId()), stream -> stream.accept(message));
    }

    /** {@code message_hidden}: seq {@code seq} of the chat holds a message of a user this user blocks. */
    void pass(long chatId, long seq) {
        track(chatId, seq - 1);
        guarded(streams.get(chatId), stream -> stream.pass(seq));
    }

    void catchUp(long chatId) {
        guarded(streams.get(chatId), ChatStream::catchUp);
    }

    /** Fetches again for a stream whose fetch failed, unless the chat was forgotten meanwhile. */
    void fill(ChatStream stream) {
        if (streams.get(stream.chatId()) == stream) guarded(stream, ChatStream::fill);
    }

    private void guarded(ChatStream stream, Consumer<ChatStream> step) {
        if (stream == null) return;
        try {
            step.accept(stream);
        } catch (VestnikException e) {
            fetchFailed.accept(stream);
        }
    }
}
