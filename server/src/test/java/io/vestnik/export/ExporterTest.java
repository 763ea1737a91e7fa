package io.vestnik.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.ChatKind;
import io.vestnik.domain.ExportEvent;
import io.vestnik.metrics.Metrics;
import io.vestnik.search.SearchLanguage;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MessageStore;
import io.vestnik.store.Storage;
import io.vestnik.store.StorageMeters;
import io.vestnik.store.sql.SqliteStorage;
import io.vestnik.testing.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter's ordering under a publish that fails half-way, which a real broker cannot be made
 * to do on cue: an {@link EventExport} of the test's own refuses chosen events once. (The promises
 * against the real brokers are {@link EventExportContract}'s.)
 */
@Timeout(60)
class ExporterTest {
    @TempDir
    Path dataDir;
    private Storage storage;
    private Metrics metrics;
    private Exporter exporter;
    private final RefusingOnce broker = new RefusingOnce();

    /** Records every publish in call order; the first try of each message whose body is in {@code refused} fails. */
    private static final class RefusingOnce implements EventExport {
        record Publish(ExportEvent event, boolean confirmed) {}

        final List<Publish> publishes = new CopyOnWriteArrayList<>();
        final Set<String> refused = ConcurrentHashMap.newKeySet();

        @Override
        public String engine() {
            return "test";
        }

        @Override
        public CompletableFuture<Void> publish(ExportEvent event) {
            boolean refuse = refused.contains(body(event)) && publishes.stream().noneMatch(p -> p.event().equals(event));
            publishes.add(new Publish(event, !refuse));
            if (!refuse) return CompletableFuture.completedFuture(null);
            // as a broker's nack: after the call returned, while later calls could already be made
            return CompletableFuture.runAsync(() -> {
                throw new IllegalStateException("refused by the test");
            }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }

        @Override
        public void close() {}

        /** The events' ids in the order of their first confirmed publish. */
        List<String> confirmedOrder() {
            return publishes.stream().filter(Publish::confirmed).map(p -> p.event().id()).distinct().toList();
        }
    }

    @BeforeEach
    void start() {
        storage = new SqliteStorage(dataDir.resolve("data"), StorageMeters.NONE, SearchLanguage.DEFAULT);
        storage.start();
        metrics = new Metrics("exporter-test");
        exporter = new Exporter(storage.exportQueue(), broker, Duration.ofSeconds(2), metrics.export(), Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() {
        exporter.close();
        storage.close();
        metrics.close();
    }

    @Test
    void a_refused_publish_holds_back_the_rest_of_its_chat_and_is_published_again_first() {
        broker.refused.add("a2");
        long a = chat();
        long b = chat();
        for (int i = 1; i <= 3; i++) {
            send(a, "a" + i);
            send(b, "b" + i);
        }
        Await.until("all eight events confirmed", Duration.ofSeconds(30), () -> broker.confirmedOrder().size() == 8);

        List<ExportEvent> ofA = broker.publishes.stream().map(RefusingOnce.Publish::event).filter(e -> e.chatId() == a).toList();
        assertThat(ofA).extracting(e -> body(e)).as("every publish of chat a, in call order")
                .containsExactly("chat.created", "a1", "a2", "a2", "a3");
        assertThat(broker.publishes).filteredOn(p -> !p.confirmed()).hasSize(1);
        assertThat(metrics.scrape()).contains("vestnik_export_failures_total{engine=\"test\"");
    }

    @Test
    void one_chat_s_events_are_published_once_each_in_the_order_they_committed() {
        long a = chat();
        for (int i = 1; i <= 20; i++) send(a, "m" + i);
        Await.until("all events confirmed", Duration.ofSeconds(30), () -> broker.confirmedOrder().size() == 21);
        assertThat(broker.publishes).extracting(p -> p.event().rowId()).isSorted().doesNotHaveDuplicates();
    }

    private static String body(ExportEvent event) {
        if (event.type().wire().equals("chat.created")) return "chat.created";
        return event.data().replaceAll(".*\"body\":\"([^\"]*)\".*", "$1");
    }

    private long chat() {
        long owner = storage.users().create("u-" + UUID.randomUUID(), "U", "hash", Instant.now()).orElseThrow().id();
        return storage.chats().create(new ChatStore.NewChat(ChatKind.GROUP, "g", null, owner, List.of(), null), Instant.now()).chat().id();
    }

    private void send(long chatId, String body) {
        long sender = storage.chats().find(chatId).orElseThrow().members().getFirst().userId();
        storage.messages().append(new MessageStore.NewMessage(chatId, sender, UUID.randomUUID().toString(), body, null, null, List.of(), Instant.now()));
    }
}
