package io.vestnik.broker;

/**
 * What crosses the broker: one event for one topic, already encoded as the frame clients receive,
 * so it is encoded once per event however many nodes and connections it reaches.
 *
 * @param kind      {@link Kind#EVENT} is written to clients; the others are instructions to nodes
 * @param topic     see {@link Topics}
 * @param chatId    the chat the event is about, 0 if none ({@link #NOTIFICATIONS} when it has a seq)
 * @param seq       for {@code new_message}, the message's seq, and for {@code notification}, the
 *                  notification's seq in the user's stream (lets a connection drop duplicates and
 *                  notice gaps); for a {@link Kind#STREAM} event, the streaming message's seq; for a
 *                  {@link Kind#CHANGE}, the change's number in the chat's change log; 0 otherwise
 * @param skipConnection id of the connection that must not receive it (the sender's, which got
 *                  an {@code ack}); null for none
 * @param payload   the frame's JSON text for events (for a {@link Kind#CHANGE}, after the changed
 *                  message's seq and a tab: see {@link #frame}); the instruction's argument otherwise
 * @param publishedAtMillis when it was published, for the delivery-latency histogram
 */
public record Envelope(Kind kind, String topic, long chatId, long seq, String skipConnection, String payload,
                       long publishedAtMillis) {

    /**
     * The {@code chatId} of an event in the user's notification stream, which connections keep in
     * seq order beside the chats' streams. Chat ids start at 1.
     */
    public static final long NOTIFICATIONS = 0;

    public enum Kind {
        /** A server event to write to every subscribed connection. */
        EVENT,
        /**
         * An event about a streaming message ({@code message_delta}, or the {@code message_updated}
         * that finishes it), for message {@code seq} of chat {@code chatId}: each connection checks
         * it against what it has of that message's body before writing it.
         */
        STREAM,
        /**
         * A change from chat {@code chatId}'s change log, number {@code seq} (decision 0029): written
         * to every subscribed connection in number order, never before the message it changes
         * ({@link #changedSeq}).
         */
        CHANGE,
        /** The session whose id is the payload was revoked: close its connections with 4001. */
        SESSION_REVOKED,
        /** The topic's user joined chat {@code chatId}: subscribe their connections to it. */
        JOINED_CHAT,
        /** The topic's user left chat {@code chatId}: unsubscribe their connections from it. */
        LEFT_CHAT
    }

    /** True for what is written to clients ({@link Kind#EVENT}, {@link Kind#STREAM}, {@link Kind#CHANGE}); false for instructions to nodes. */
    public boolean toClients() {
        return kind == Kind.EVENT || kind == Kind.STREAM || kind == Kind.CHANGE;
    }

    public static Envelope event(String topic, long chatId, long seq, String skipConnection, String frame) {
        return new Envelope(Kind.EVENT, topic, chatId, seq, skipConnection, frame, System.currentTimeMillis());
    }

    public static Envelope stream(String topic, long chatId, long seq, String frame) {
        return new Envelope(Kind.STREAM, topic, chatId, seq, null, frame, System.currentTimeMillis());
    }

    /** A change to message {@code messageSeq} (0: to the chat) as chat {@code chatId}'s change {@code number}. */
    public static Envelope change(String topic, long chatId, long number, long messageSeq, String frame) {
        return new Envelope(Kind.CHANGE, topic, chatId, number, null, messageSeq + "\t" + frame, System.currentTimeMillis());
    }

    /** For a {@link Kind#CHANGE}: the seq of the message it changes, 0 when it changes the chat. */
    public long changedSeq() {
        return Long.parseLong(payload, 0, payload.indexOf('\t'), 10);
    }

    /** The frame to write to clients: the payload, less a {@link Kind#CHANGE}'s message seq. */
    public String frame() {
        return kind == Kind.CHANGE ? payload.substring(payload.indexOf('\t') + 1) : payload;
    }

    public static Envelope instruction(Kind kind, String topic, long chatId, String argument) {
        return new Envelope(kind, topic, chatId, 0, null, argument, System.currentTimeMillis());
    }
}
