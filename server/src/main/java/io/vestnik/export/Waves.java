package io.vestnik.export;

import io.vestnik.domain.ExportEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a batch (in outbox order) into waves that hold at most one event of each stream: wave k
 * has the k-th event of every stream that has one. Publishing wave after wave, each only once the
 * one before was confirmed, keeps every stream in order even when a publish fails half-way, and
 * still sends many chats' events at once.
 */
final class Waves {
    private Waves() {}

    static List<List<ExportEvent>> of(List<ExportEvent> batch) {
        List<List<ExportEvent>> waves = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ExportEvent event : batch) {
            int wave = seen.merge(event.stream(), 1, Integer::sum) - 1;
            if (wave == waves.size()) waves.add(new ArrayList<>());
            waves.get(wave).add(event);
        }
        return waves;
    }
}
