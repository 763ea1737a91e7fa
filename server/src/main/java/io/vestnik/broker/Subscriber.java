package io.vestnik.broker;

/**
 * Something on this node that receives envelopes: a WebSocket connection, an SSE stream, a
 * long-poll queue. {@link #receive} is called on a broker thread and must only hand the
 * envelope to the subscriber's own thread.
 */
public interface Subscriber {

    /** Unique on this node; compared with {@link Envelope#skipConnection()}. */
    String id();

    void receive(Envelope envelope);

    /** Envelopes may have been lost on the way: fetch from storage whatever may be missing. */
    default void catchUp() {}
}
