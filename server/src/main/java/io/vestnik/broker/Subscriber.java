package io.vestnik.broker;

import java.util.concurrent.Executor;

/**
 * Something on this node that receives envelopes: a client's feed (WebSocket, SSE stream, long
 * poll), or the node itself for node-wide instructions. {@link #receive} is called on a broker
 * thread and must only hand the envelope to the subscriber's own thread.
 */
public interface Subscriber {

    /** Unique on this node; compared with {@link Envelope#skipConnection()}. */
    String id();

    /** An instruction envelope (or, for subscribers without a thread of their own, any envelope). */
    void receive(Envelope envelope);

    /**
     * The subscriber's own thread. The router hands the events of one envelope to all subscribers
     * that share a thread in one task there, not one task each. The same instance for every
     * subscriber on that thread.
     */
    default Executor executor() {
        return Runnable::run;
    }

    /** An event envelope, called on {@link #executor()}. */
    default void deliver(Envelope envelope) {
        receive(envelope);
    }

    /** Envelopes may have been lost on the way: fetch from storage whatever may be missing. */
    default void catchUp() {}
}
