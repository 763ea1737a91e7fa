package io.vestnik.maintenance;

import io.vestnik.config.PostgresUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Attachment;
import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Message;
import io.vestnik.domain.Session;
import io.vestnik.domain.User;
import io.vestnik.metrics.Metrics;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MessageStore;
import io.vestnik.store.Storage;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.store.sql.SqliteStorage;
import io.vestnik.testing.PostgresDatabase;
import io.vestnik.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The cleanup job against real storage (a SQLite file, a fresh PostgreSQL database) with a clock the test moves. */
@Timeout(120)
class CleanupTest {
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Duration INTERVAL = Duration.ofHours(1);

    enum Engine { SQLITE, POSTGRES }

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final Metrics metrics = new Metrics("test");
    private final List<AutoCloseable> opened = new ArrayList<>();
    private PostgresDatabase database;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
        if (database != null) database.close();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void removes_ended_sessions_unsent_uploads_expired_tickets_and_old_messages_and_keeps_the_rest(Engine engine) {
        Storage storage = open(engine);
        Instant now = clock.instant();
        User ann = storage.users().create(unique("ann-"), "Ann", "hash", now.minus(Duration.ofDays(400))).orElseThrow();
        Session ended = session(storage, ann, now.minus(Duration.ofDays(2)));
        Session endedToday = session(storage, ann, now.minus(Duration.ofHours(2)));
        Session active = session(storage, ann, now.plus(Duration.ofDays(30)));
        Attachment unsent = upload(storage, ann, now.minus(Duration.ofHours(25)));
        Attachment justUploaded = upload(storage, ann, now.minus(Duration.ofHours(1)));
        Chat chat = chat(storage, ann, now.minus(Duration.ofDays(400)));
        for (int i = 0; i < 3; i++) send(storage, chat, ann, now.minus(RETENTION).minus(Duration.ofDays(1)));
        Message recent = send(storage, chat, ann, now.minus(RETENTION).plus(Duration.ofDays(1)));
        long staleSnapshot = storage.snapshots().save(ann.id(), Map.of(chat.id(), 1L), now.minus(Duration.ofDays(8)));
        long snapshot = storage.snapshots().save(ann.id(), Map.of(chat.id(), 2L), now.minus(Duration.ofDays(6)));
        storage.usedTickets().claim("expired-" + UUID.randomUUID(), now.minusMillis(1));
        String unexpired = "unexpired-" + UUID.randomUUID();
        storage.usedTickets().claim(unexpired, now.plusSeconds(1));

        Optional<Cleanup.Removed> removed = cleanup(storage, RETENTION).runOnce();

        assertThat(removed).contains(new Cleanup.Removed(1, 0, 1, 1, 1, 3, 0));
        assertThat(storage.usedTickets().claim(unexpired, now.plusSeconds(1))).as("an unexpired claim is kept").isFalse();
        assertThat(storage.sessions().find(ended.id())).isEmpty();
        assertThat(storage.sessions().find(endedToday.id())).isPresent();
        assertThat(storage.sessions().find(active.id())).isPresent();
        assertThat(storage.attachments().find(unsent.id())).isEmpty();
        assertThat(storage.attachments().find(justUploaded.id())).isPresent();
        assertThat(storage.messages().after(chat.id(), 0, 10)).containsExactly(recent);
        assertThat(storage.snapshots().find(staleSnapshot, ann.id())).isEmpty();
        assertThat(storage.snapshots().find(snapshot, ann.id())).contains(Map.of(chat.id(), 2L));
        assertThat(metrics.scrape()).contains("vestnik_cleanup_removed_total{node=\"test\",what=\"messages\"} 3.0");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_ended_sessions_rotated_refresh_tokens_go_with_it(Engine engine) {
        Storage storage = open(engine);
        Instant now = clock.instant();
        User ann = storage.users().create(unique("ann-"), "Ann", "hash", now.minus(Duration.ofDays(400))).orElseThrow();
        String first = unique("hash-");
        Instant start = now.minus(Duration.ofDays(10));
        Session ended = storage.sessions().create(ann.id(), first, "test", "127.0.0.1", start, start.plus(Duration.ofDays(1)));
        storage.sessions().rotate(first, unique("hash-"), start.plusSeconds(60), now.minus(Duration.ofDays(2)), Duration.ofDays(90))
                .orElseThrow();
        String kept = unique("hash-");
        Session active = storage.sessions().create(ann.id(), kept, "test", "127.0.0.1", now, now.plus(Duration.ofDays(30)));
        storage.sessions().rotate(kept, unique("hash-"), now, now.plus(Duration.ofDays(30)), Duration.ofDays(90)).orElseThrow();

        assertThat(cleanup(storage, RETENTION).runOnce()).contains(new Cleanup.Removed(1, 1, 0, 0, 0, 0, 0));
        assertThat(storage.sessions().find(ended.id())).isEmpty();
        assertThat(storage.sessions().findRotatedAway(first)).isEmpty();
        assertThat(storage.sessions().findRotatedAway(kept)).map(Session::id).contains(active.id());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void runs_again_only_once_the_interval_has_passed(Engine engine) {
        Cleanup cleanup = cleanup(open(engine), RETENTION);
        assertThat(cleanup.runOnce()).isPresent();
        clock.advance(INTERVAL.minusSeconds(1));
        assertThat(cleanup.runOnce()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cleanup.runOnce()).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void with_retention_off_messages_are_kept_for_ever(Engine engine) {
        Storage storage = open(engine);
        User ann = storage.users().create(unique("ann-"), "Ann", "hash", Instant.EPOCH).orElseThrow();
        Chat chat = chat(storage, ann, Instant.EPOCH);
        Message ancient = send(storage, chat, ann, Instant.EPOCH);

        assertThat(cleanup(storage, null).runOnce()).contains(new Cleanup.Removed(0, 0, 0, 0, 0, 0, 0));
        assertThat(storage.messages().after(chat.id(), 0, 10)).containsExactly(ancient);
    }

    @Test
    void runs_once_per_interval_across_nodes() {
        Storage first = open(Engine.POSTGRES);
        Storage second = open(Engine.POSTGRES);
        User ann = first.users().create(unique("ann-"), "Ann", "hash", Instant.EPOCH).orElseThrow();
        Chat chat = chat(first, ann, Instant.EPOCH);
        for (int i = 0; i < 5; i++) send(first, chat, ann, Instant.EPOCH);
        Cleanup a = cleanup(first, RETENTION);
        Cleanup b = cleanup(second, RETENTION);

        var runA = CompletableFuture.supplyAsync(a::runOnce);
        var runB = CompletableFuture.supplyAsync(b::runOnce);
        List<Optional<Cleanup.Removed>> runs = List.of(runA.join(), runB.join());

        assertThat(runs).filteredOn(Optional::isPresent).singleElement()
                .isEqualTo(Optional.of(new Cleanup.Removed(0, 0, 0, 0, 0, 5, 0)));
        clock.advance(INTERVAL);
        assertThat(b.runOnce()).isPresent();
        assertThat(a.runOnce()).isEmpty();
    }

    @Test
    void checks_a_quarter_of_the_interval_between_a_second_and_a_minute() {
        assertThat(Cleanup.checkEvery(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(Cleanup.checkEvery(Duration.ofMinutes(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(Cleanup.checkEvery(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
    }

    /** A started storage; on PostgreSQL every call in one test opens the same fresh database. */
    private Storage open(Engine engine) {
        if (engine == Engine.POSTGRES && database == null) database = PostgresDatabase.create();
        Storage storage = engine == Engine.SQLITE ? new SqliteStorage(dir.resolve("data")) : new PostgresStorage(PostgresUrl.parse(database.url()));
        storage.start();
        opened.add(storage);
        return storage;
    }

    private Cleanup cleanup(Storage storage, Duration retention) {
        Cleanup cleanup = new Cleanup(storage, new Cleanup.Settings(retention, INTERVAL), metrics, clock);
        opened.add(cleanup);
        return cleanup;
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 12);
    }

    private static Session session(Storage storage, User user, Instant expiresAt) {
        return storage.sessions().create(user.id(), unique("hash-"), "test", "127.0.0.1", expiresAt.minus(Duration.ofDays(30)), expiresAt);
    }

    private static Attachment upload(Storage storage, User user, Instant at) {
        return storage.attachments().save(user.id(), "f.bin", "application/octet-stream", new byte[] {1}, at);
    }

    private static Chat chat(Storage storage, User owner, Instant at) {
        return storage.chats().create(new ChatStore.NewChat(ChatKind.GROUP, "A group", null, owner.id(), List.of(), null), at).chat();
    }

    private static Message send(Storage storage, Chat chat, User sender, Instant at) {
        return storage.messages().append(new MessageStore.NewMessage(chat.id(), sender.id(), unique("c-"), "hello",
                null, null, List.of(), at)).message();
    }
}
