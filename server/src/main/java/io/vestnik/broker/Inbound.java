package io.vestnik.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a networked broker does with a message from its server: decode it and hand it to the
 * handler. Nothing that arrives may stop the listener, so a malformed message is logged and
 * dropped, and a handler that throws is logged.
 */
public final class Inbound {
    private static final Logger log = LoggerFactory.getLogger(Inbound.class);

    private Inbound() {}

    public static void deliver(Broker.Handler handler, String channel, String message) {
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(message);
        } catch (EnvelopeCodec.MalformedEnvelopeException e) {
            log.warn("dropped a malformed message on broker channel {}: {}", channel, e.getMessage());
            return;
        }
        try {
            handler.onEnvelope(envelope);
        } catch (RuntimeException e) {
            log.error("broker handler failed on an envelope for {}", envelope.topic(), e);
        }
    }
}
