package io.vestnik.broker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A handler that keeps what it receives; probes (see {@link BrokerContract}) are kept apart. */
final class Recorder implements Broker.Handler {
    static final String PROBE = "probe";

    private final List<Envelope> received = new CopyOnWriteArrayList<>();

    @Override
    public void onEnvelope(Envelope envelope) {
        received.add(envelope);
    }

    List<Envelope> on(String topic) {
        return received.stream().filter(e -> e.topic().equals(topic) && !PROBE.equals(e.skipConnection())).toList();
    }

    boolean probed(String topic) {
        return received.stream().anyMatch(e -> e.topic().equals(topic) && PROBE.equals(e.skipConnection()));
    }
}
