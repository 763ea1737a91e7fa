package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.config.PartitionInterval;
import io.vestnik.config.PostgresUrl;
import io.vestnik.domain.Attachment;
import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.search.SearchLanguage;
import io.vestnik.store.MessagePartitions.Phase;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.Await;
import io.vestnik.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The partitioned messages table on the real PostgreSQL (decision 0035); a database per test. */
@Timeout(120)
class PartitionedMessagesTest implements StoreFixture {
    private static final PartitionInterval MONTH = PartitionInterval.MONTH;
    private static final MigrationVersion PARTITIONING = MigrationVersion.fromVersion("23");
    private final Instant now = Instant.now();
    private PostgresDatabase database;
    private Storage storage;

    @BeforeEach
    void createDatabase() {
        database = PostgresDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        if (storage != null) storage.close();
        database.close();
    }

    @Override
    public Storage storage() {
        if (storage == null) storage = open();
        return storage;
    }

    @Override
    public Storage reopen() {
        storage.close();
        storage = open();
        return storage;
    }

    private Storage open() {
        Storage opened = new PostgresStorage(PostgresUrl.parse(database.url()), StorageMeters.NONE, SearchLanguage.DEFAULT, MONTH);
        opened.start();
        return opened;
    }

    private MessagePartitions partitions() {
        return storage().partitions().orElseThrow();
    }

    @Test
    void a_fresh_install_is_partitioned_at_start_with_this_month_and_the_next_two() throws SQLException {
        Instant month = MONTH.floor(now);
        Instant next = MONTH.next(month);

        assertThat(partitions().phase()).isEqualTo(Phase.PARTITIONED);
        assertThat(partitions().names()).containsExactly(partitionOf(month), partitionOf(next),
                partitionOf(MONTH.next(next)), "messages_default");
        assertThat(number("SELECT count(*) FROM pg_class WHERE relname = 'messages' AND relkind = 'p'")).isEqualTo(1);
    }

    @Test
    void an_existing_table_is_converted_online_and_no_write_made_meanwhile_is_lost_or_doubled() throws Exception {
        migrateToTheVersionBefore(PARTITIONING);
        execute(EXISTING_INSTALL);
        assertThat(partitions().phase()).as("a full table waits for the upkeep job").isEqualTo(Phase.UNPARTITIONED);
        long oldMaxId = number("SELECT max(id) FROM messages");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                write(stop, sent);
            } catch (RuntimeException e) {
                failed.set(e);
            }
        });
        List<Integer> sentWhileCopying = new ArrayList<>();
        Phase phase;
        do {
            phase = partitions().convertStep(Instant.now(), Duration.ZERO, 20);
            if (phase == Phase.COPYING) sentWhileCopying.add(sent.get());
        } while (phase != Phase.PARTITIONED);
        int atSwap = sent.get();
        Await.until("appends after the swap", Duration.ofSeconds(30), () -> failed.get() != null || sent.get() > atSwap + 20);
        stop.set(true);
        writer.join();

        assertThat(failed.get()).as("every write during the conversion succeeded").isNull();
        assertThat(sentWhileCopying.getLast()).as("appends went on while rows were copied").isGreaterThan(sentWhileCopying.getFirst());
        assertConvertedWithNothingLostOrDoubled(oldMaxId, sent.get());
    }

    /** Appends (each sent twice, as a retry would), edits and deletes until told to stop. */
    private void write(AtomicBoolean stop, AtomicInteger sent) {
        for (int i = 0; !stop.get(); i++) {
            long chat = 1 + i % 3;
            var message = new MessageStore.NewMessage(chat, 1, "live-" + i, "live " + i, null, null, List.of(), Instant.now());
            storage().messages().append(message);
            storage().messages().append(message); // a retry: the same message, not a second one
            if (i % 10 == 0) storage().messages().edit(chat, 1 + i / 10, "edited " + i, Instant.now());
            if (i % 25 == 0) storage().messages().delete(chat, 100 + i / 25, null, Instant.now());
            sent.incrementAndGet();
        }
    }

    private void assertConvertedWithNothingLostOrDoubled(long oldMaxId, int sent) throws SQLException {
        assertThat(number("SELECT count(*) FROM pg_class WHERE relname = 'messages' AND relkind = 'p'")).isEqualTo(1);
        for (long chat = 1; chat <= 3; chat++) {
            long lastSeq = storage().chats().find(chat).orElseThrow().lastSeq();
            assertThat(storage().messages().after(chat, 0, 100_000)).extracting(Message::seq)
                    .as("chat %d: every seq once, none missing", chat)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, lastSeq).boxed().toList());
        }
        assertThat(number("SELECT count(*) FROM messages")).isEqualTo(900 + sent);
        assertThat(number("SELECT count(*) FROM (SELECT client_id FROM messages GROUP BY client_id HAVING count(*) > 1) d")).isZero();
        assertThat(number("SELECT count(*) FROM (SELECT id FROM messages GROUP BY id HAVING count(*) > 1) d")).isZero();
        assertThat(number("SELECT count(*) FROM messages_default")).as("every copied row found its month").isZero();
        assertThat(storage().messages().find(1, 1).orElseThrow().body()).startsWith("edited ");
        assertThat(storage().messages().find(1, 100).orElseThrow().deleted()).isTrue();
        assertThat(storage().pins().pinned(2)).extracting(Message::seq).containsExactly(3L);
        assertThat(send(chatOf(2), userOf(1), "after the swap").id()).isGreaterThan(oldMaxId);
    }

    @Test
    void retention_drops_a_whole_partition_with_its_files_pins_and_reactions_and_moves_the_chat_version() {
        User ann = user();
        Chat chat = group(ann);
        Attachment file = storage().attachments().save(new AttachmentStore.NewAttachment(ann.id(), "a.txt", "text/plain", 1,
                "ab".repeat(32), io.vestnik.blob.BlobKey.random(), now), 1 << 20).orElseThrow();
        Message old = storage().messages().append(new MessageStore.NewMessage(chat.id(), ann.id(), "c-1", "this month",
                null, null, List.of(file.id()), now)).message();
        storage().pins().pin(chat.id(), old.seq(), ann.id(), now);
        storage().reactions().add(chat.id(), old.seq(), ann.id(), "👍", 20, now);
        long version = storage().chats().version(chat.id());

        assertThat(partitions().dropBefore(MONTH.next(now))).isEqualTo(1);

        assertThat(storage().messages().find(chat.id(), old.seq())).isEmpty();
        assertThat(storage().attachments().find(file.id())).isEmpty();
        assertThat(storage().pins().pinned(chat.id())).isEmpty();
        assertThat(storage().reactions().tallies(chat.id(), 1, 10)).isEmpty();
        assertThat(storage().chats().version(chat.id())).isGreaterThan(version);
        assertThat(storage().chats().find(chat.id()).orElseThrow().lastSeq()).as("a seq is never reused").isEqualTo(1);
        assertThat(partitions().names()).doesNotContain(partitionOf(MONTH.floor(now))).contains(partitionOf(MONTH.next(now)));
    }

    @Test
    void a_message_no_partition_covers_waits_in_the_default_partition_until_its_partition_is_made() throws SQLException {
        User ann = user();
        Chat chat = group(ann);
        Instant later = now.plus(Duration.ofDays(200));
        Message early = sendAt(chat, ann, "from a clock far ahead", later);
        assertThat(number("SELECT count(*) FROM messages_default")).isEqualTo(1);

        assertThat(partitions().createAhead(later)).contains(partitionOf(MONTH.floor(later)));

        assertThat(number("SELECT count(*) FROM messages_default")).isZero();
        assertThat(number("SELECT count(*) FROM " + partitionOf(MONTH.floor(later)))).isEqualTo(1);
        assertThat(storage().messages().find(chat.id(), early.seq()).orElseThrow().body()).isEqualTo("from a clock far ahead");
    }

    @Test
    void retention_removes_default_partition_rows_one_by_one() {
        User ann = user();
        Chat chat = group(ann);
        sendAt(chat, ann, "long before any partition", now.minus(Duration.ofDays(1000)));
        Message recent = send(chat, ann, "now");

        assertThat(partitions().deleteStrayOlderThan(now.minus(Duration.ofDays(365)), 100)).isEqualTo(1);

        assertThat(storage().messages().after(chat.id(), 0, 10)).containsExactly(recent);
    }

    /** An install of the previous version: every migration before the one that partitions. */
    private void migrateToTheVersionBefore(MigrationVersion version) {
        var flyway = Flyway.configure().dataSource(database.url(), null, null).locations("classpath:db/postgres");
        MigrationVersion before = Arrays.stream(flyway.load().info().all()).map(MigrationInfo::getVersion)
                .filter(v -> v.compareTo(version) < 0)
                .max(Comparator.naturalOrder()).orElseThrow();
        flyway.target(before).load().migrate();
    }

    private static String partitionOf(Instant start) {
        return "messages_p" + start.toString().substring(0, 10).replace("-", "");
    }

    private Chat chatOf(long id) {
        return storage().chats().find(id).orElseThrow();
    }

    private User userOf(long id) {
        return storage().users().find(id).orElseThrow();
    }

    private long number(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url()); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Two users and three chats with 300 messages each over the last five months, a pin and a reaction. */
    private static final String EXISTING_INSTALL = """
            INSERT INTO users (username, display_name, created_at) VALUES ('ann', 'Ann', 0), ('bob', 'Bob', 0);
            INSERT INTO chats (kind, title, last_seq, created_at, last_activity_at)
                SELECT 'group', 'chat ' || g, 300, 0, 0 FROM generate_series(1, 3) g;
            INSERT INTO chat_members (chat_id, user_id, role, joined_at)
                SELECT c, u, 'member', 0 FROM generate_series(1, 3) c, generate_series(1, 2) u;
            INSERT INTO messages (chat_id, seq, sender_id, body, client_id, created_at)
                SELECT c, s, 2, 'old ' || s, 'old-' || c || '-' || s,
                       (extract(epoch FROM now()) * 1000)::bigint - (300 - s) * 43200000::bigint
                FROM generate_series(1, 3) c, generate_series(1, 300) s;
            INSERT INTO pins (chat_id, seq, pinned_by, pinned_at) VALUES (2, 3, 1, 0);
            INSERT INTO reactions (chat_id, seq, emoji, user_id, created_at) VALUES (2, 3, '👍', 1, 0);
            """;
}
