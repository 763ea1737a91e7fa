package io.vestnik.client;

/**
 * A streamed message being written: it keeps the offset (characters of the body so far, as Java
 * counts them in {@link String#length()}), so each {@link #append} lands right after the last.
 * Not thread-safe: one writer per reply.
 */
public final class StreamedReply {
    private final ServerApi api;
    private final Message started;
    private final StringBuilder body;

    StreamedReply(ServerApi api, Message started) {
        this.api = api;
        this.started = started;
        this.body = new StringBuilder(started.body());
    }

    /** The message as it was when streaming started: its chat and seq. */
    public Message message() {
        return started;
    }

    public void append(String text) {
        api.appendDelta(started.chatId(), started.seq(), body.length(), text);
        body.append(text);
    }

    /** Completes the message with the text appended so far. */
    public Message finish() {
        return api.finishStreaming(started.chatId(), started.seq(), null);
    }

    public String text() {
        return body.toString();
    }
}
