package io.vestnik.export.rabbitmq;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One channel's publishes awaiting their publisher confirm, by delivery tag. The broker may settle
 * several at once ({@code multiple}: every tag up to this one). Settled from the client's
 * connection thread, expected from the publisher's.
 */
final class Confirms {
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> open = new ConcurrentSkipListMap<>();

    CompletableFuture<Void> expect(long tag) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        open.put(tag, confirmed);
        return confirmed;
    }

    /** A null failure confirms. */
    void settle(long tag, boolean multiple, Exception failure) {
        Map<Long, CompletableFuture<Void>> settled = multiple ? open.headMap(tag, true) : open.subMap(tag, true, tag, true);
        settled.values().forEach(f -> {
            if (failure == null) f.complete(null);
            else f.completeExceptionally(failure);
        });
        settled.clear();
    }

    void failAll(Exception cause) {
        open.values().forEach(f -> f.completeExceptionally(cause));
        open.clear();
    }
}
