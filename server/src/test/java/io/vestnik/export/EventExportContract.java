package io.vestnik.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.User;
import io.vestnik.metrics.Metrics;
import io.vestnik.search.SearchLanguage;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MessageStore;
import io.vestnik.store.Storage;
import io.vestnik.store.StorageMeters;
import io.vestnik.store.sql.SqliteStorage;
import io.vestnik.testing.Await;
import io.vestnik.testing.Scrape;
import io.vestnik.testing.TcpProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link EventExport} promises, end to end against a real broker: changes committed to
 * storage, exported by an {@link Exporter}, read back by a consumer of that broker. The exporter
 * reaches the broker through a {@link TcpProxy}, so a test can take the broker away from it without
 * touching the broker. Run by {@code KafkaExportTest}, {@code NatsExportTest}, {@code RabbitMqExportTest}.
 */
@Timeout(180)
public abstract class EventExportContract {
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration WITHIN = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private Storage storage;
    private Metrics metrics;
    private final List<Exporter> exporters = new ArrayList<>();
    /** Unique per test: the topic, stream or exchange the test's events go to. */
    protected final String name = "vestnik-test-" + UUID.randomUUID().toString().substring(0, 8);

    /** The proxy in front of the broker, listening when a test starts. */
    protected abstract TcpProxy proxy();

    /** An export to the broker behind {@code 127.0.0.1:port}, into {@link #name}'s topic, stream or exchange. */
    protected abstract EventExport export(int port);

    /** Starts reading {@link #name}'s events straight from the broker (not through the proxy, except for Kafka, whose clients follow the address it advertises). */
    protected abstract Consumer consumer();

    /** A reader of the test's events straight from the broker: {@code bodies} gives what it has read so far, in the broker's order (repeats included). */
    protected record Consumer(Supplier<List<String>> bodies, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }

    @BeforeEach
    void openStorage() {
        storage = new SqliteStorage(dataDir.resolve("data"), StorageMeters.NONE, SearchLanguage.DEFAULT);
        storage.start();
        metrics = new Metrics("export-test");
    }

    @AfterEach
    void closeAll() {
        proxy().restore();
        exporters.forEach(Exporter::close);
        storage.close();
        metrics.close();
    }

    private Exporter startExporter() {
        Exporter exporter = new Exporter(storage.exportQueue(), export(proxy().port()), TIMEOUT, metrics.export(), Clock.systemUTC()).start();
        exporters.add(exporter);
        return exporter;
    }

    @Test
    void every_committed_event_arrives_with_its_id_in_each_chat_s_order() {
        try (Consumer consumer = consumer()) {
            startExporter();
            User ann = user("ann");
            User bob = user("bob");
            Chat first = group(ann, bob);
            Chat second = group(bob, ann);
            for (int i = 1; i <= 10; i++) {
                send(first, ann, "first " + i);
                send(second, bob, "second " + i);
            }
            storage.messages().edit(first.id(), 1, "first 1, edited", Instant.now());
            storage.chats().markRead(first.id(), bob.id(), 10);

            Map<String, JsonNode> events = awaitEvents(consumer, 2 + 20 + 2);
            assertThat(events.values()).allSatisfy(e -> assertThat(e.fieldNames()).toIterable()
                    .containsExactly("id", "type", "chat_id", "created_at", "data"));
            assertThat(types(events, first)).containsExactly("chat.created", "message.created", "message.created", "message.created",
                    "message.created", "message.created", "message.created", "message.created", "message.created", "message.created",
                    "message.created", "message.updated", "message.read");
            assertThat(seqs(events, first)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 1L);
            assertThat(seqs(events, second)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(events.values()).filteredOn(e -> e.path("type").asText().equals("message.created"))
                    .first().satisfies(e -> assertThat(e.path("data").path("message").path("body").asText()).startsWith("first 1"));
        }
    }

    @Test
    void a_broker_outage_delays_export_loses_nothing_and_the_lag_rises_then_falls() {
        try (Consumer consumer = consumer()) {
            startExporter();
            User ann = user("ann");
            Chat chat = group(ann);
            for (int i = 1; i <= 5; i++) send(chat, ann, "before " + i);
            awaitEvents(consumer, 6);

            proxy().cut();
            for (int i = 6; i <= 15; i++) send(chat, ann, "during " + i);
            Await.until("the lag counts the events the broker has not confirmed", WITHIN, () -> gauge("vestnik_export_lag_events") >= 10);
            Await.until("failures are counted", WITHIN, () -> gauge("vestnik_export_failures_total") > 0);
            assertThat(gauge("vestnik_export_lag_seconds")).isPositive();

            proxy().restore();
            Map<String, JsonNode> events = awaitEvents(consumer, 16);
            assertThat(seqs(events, chat)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
            Await.until("the lag falls back to nothing", WITHIN, () -> gauge("vestnik_export_lag_events") == 0);
            assertThat(gauge("vestnik_export_events_total")).isGreaterThanOrEqualTo(16);
        }
    }

    @Test
    void a_change_that_rolled_back_exports_nothing() throws Exception {
        try (Consumer consumer = consumer(); Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("data/vestnik.db"));
             Statement s = sqlite.createStatement()) {
            // Fails the transaction of any change whose event mentions "roll me back", after its rows were written.
            s.execute("""
                    CREATE TRIGGER roll_back_marked AFTER INSERT ON export_events WHEN NEW.data LIKE '%roll me back%'
                    BEGIN SELECT RAISE(ABORT, 'rolled back by the test'); END""");
            startExporter();
            User ann = user("ann");
            Chat chat = group(ann);
            send(chat, ann, "kept 1");
            assertThatThrownBy(() -> send(chat, ann, "roll me back")).isInstanceOf(RuntimeException.class);
            send(chat, ann, "kept 2");

            Map<String, JsonNode> events = awaitEvents(consumer, 3);
            assertThat(consumer.bodies().get()).noneMatch(b -> b.contains("roll me back"));
            assertThat(seqs(events, chat)).containsExactly(1L, 2L);
            assertThat(storage.messages().after(chat.id(), 0, 10)).extracting(m -> m.body()).containsExactly("kept 1", "kept 2");
        }
    }

    @Test
    void a_second_exporter_waits_for_the_lease_and_carries_on_in_order_when_the_first_stops() {
        try (Consumer consumer = consumer()) {
            Exporter first = startExporter();
            User ann = user("ann");
            Chat chat = group(ann);
            for (int i = 1; i <= 5; i++) send(chat, ann, "first exporter " + i);
            awaitEvents(consumer, 6);
            startExporter();
            first.close();
            exporters.remove(first);
            for (int i = 6; i <= 10; i++) send(chat, ann, "second exporter " + i);
            Map<String, JsonNode> events = awaitEvents(consumer, 11);
            assertThat(seqs(events, chat)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
    }

    /** Waits until the consumer has {@code count} distinct events; returns them by id, in the order their first copies came. */
    private Map<String, JsonNode> awaitEvents(Consumer consumer, int count) {
        Await.until(count + " distinct events exported", WITHIN, () -> distinct(consumer).size() >= count);
        Map<String, JsonNode> events = distinct(consumer);
        assertThat(events).hasSize(count);
        return events;
    }

    private static Map<String, JsonNode> distinct(Consumer consumer) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (String body : consumer.bodies().get()) {
            JsonNode event = parse(body);
            byId.putIfAbsent(event.path("id").asText(), event);
        }
        return byId;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static List<String> types(Map<String, JsonNode> events, Chat chat) {
        return events.values().stream().filter(e -> e.path("chat_id").asLong() == chat.id()).map(e -> e.path("type").asText()).toList();
    }

    /** The seq of each message event of {@code chat}, in the order they came. */
    private static List<Long> seqs(Map<String, JsonNode> events, Chat chat) {
        return events.values().stream().filter(e -> e.path("chat_id").asLong() == chat.id())
                .filter(e -> e.path("data").has("message")).map(e -> e.path("data").path("message").path("seq").asLong()).toList();
    }

    private double gauge(String name) {
        return Scrape.of(metrics.scrape()).value(name);
    }

    private User user(String name) {
        return storage.users().create(name + "-" + UUID.randomUUID(), name, "hash", Instant.now()).orElseThrow();
    }

    private Chat group(User owner, User... others) {
        List<Long> ids = java.util.Arrays.stream(others).map(User::id).toList();
        return storage.chats().create(new ChatStore.NewChat(ChatKind.GROUP, "A group", null, owner.id(), ids, null), Instant.now()).chat();
    }

    private void send(Chat chat, User sender, String body) {
        storage.messages().append(new MessageStore.NewMessage(chat.id(), sender.id(), UUID.randomUUID().toString(), body,
                null, null, List.of(), Instant.now()));
    }
}
