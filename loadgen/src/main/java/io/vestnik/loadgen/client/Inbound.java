package io.vestnik.loadgen.client;

/** What an inbound frame meant to the load generator, as read by a {@link Protocol}. */
public sealed interface Inbound {

    /** The server accepted the connection into the protocol: it can send and receive now. */
    record Ready() implements Inbound {}

    /** The server accepted send {@code clientId} (for Vestnik: stored durably). */
    record Ack(String clientId) implements Inbound {}

    /** The server refused send {@code clientId}; it leaves the in-flight window. */
    record Refused(String clientId) implements Inbound {}

    /** Another connection's send arrived; {@code sentAtNanos} is the sender's {@code System.nanoTime()}. */
    record Delivery(long sentAtNanos) implements Inbound {}

    /** Anything the benchmark does not count (presence, pongs, own echoes). */
    record Ignored() implements Inbound {}

    Inbound READY = new Ready();
    Inbound IGNORED = new Ignored();
}
