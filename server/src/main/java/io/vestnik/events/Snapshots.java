package io.vestnik.events;

import io.vertx.core.Future;
import io.vestnik.gateway.Link;
import io.vestnik.store.SnapshotStore;
import io.vestnik.transport.Offload;
import java.time.Instant;
import java.util.Map;

/** Saves a stream's positions as a new snapshot, so its cursor stays short; off the event loop. */
final class Snapshots {
    private final Offload offload;
    private final SnapshotStore store;

    Snapshots(Offload offload, SnapshotStore store) {
        this.offload = offload;
        this.store = store;
    }

    /** Answers the snapshot's number on the link's event loop. */
    Future<Long> save(Link link, Map<Long, Long> positions) {
        return offload.call(link.context(), () -> store.save(link.principal().userId(), positions, Instant.now()));
    }
}
