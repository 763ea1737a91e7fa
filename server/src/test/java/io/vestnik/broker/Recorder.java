package io.vestnik.broker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A handler that keeps what it receives; probes (see {@link BrokerContract}) are kept apart. */
final class Recorder implements Broker.Handler {
    static final String PROBE = "probe";

    private final List<Envelope> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger missed = new AtomicInteger();

    @Override
    public void onEnvelope(Envelope envelope) {
        received.add(envelope);
    }

    @Override
    public void mayHaveMissed() {
        missed.incrementAndGet();
    }

    /** How often the broker said envelopes may have been lost. */
    int missed() {
        return missed.get();
    }

    List<Envelope> on(String topic) {
        return received.stream().filter(e -> e.topic().equals(topic) && !PROBE.equals(e.skipConnection())).toList();
    }

    boolean probed(String topic) {
        return received.stream().anyMatch(e -> e.topic().equals(topic) && PROBE.equals(e.skipConnection()));
    }
}
