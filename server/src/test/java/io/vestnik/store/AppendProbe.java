package io.vestnik.store;

import io.vestnik.config.PostgresUrl;
import io.vestnik.cache.CachedStores;
import io.vestnik.cache.MemoryChatCache;
import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.User;
import io.vestnik.metrics.Metrics;
import io.vestnik.search.SearchAnalyzer;
import io.vestnik.search.SearchLanguage;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.store.sql.SearchFunctions;
import io.vestnik.store.sql.SqliteStorage;
import io.vestnik.testing.PostgresDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the message write path on this machine: N virtual-thread senders spread over M chats,
 * each appending one message after another through the node's cached message store on SQLite
 * (a temporary file) and on PostgreSQL (a throwaway database), for a fixed time after a warm-up;
 * prints appends/s and the latency of each append. Next to it, the database's own ceiling: one
 * connection inserting rows of a message's size in batches of {@link #CEILING_BATCH} per
 * transaction, committed as durably as the storage commits (SQLite: WAL, synchronous=FULL), into a
 * bare table and into the messages table itself. Also the CPU each append cost while measured: the
 * storage's commit threads and, on PostgreSQL, the database's server processes; unlike throughput,
 * a machine busy with other work barely moves it. Run by bin/measure-appends; not a test (it
 * asserts nothing). {@code -Dceilings=false} leaves the ceilings out.
 */
public final class AppendProbe {
    private static final int SENDERS = Integer.getInteger("senders", 64);
    private static final int CHATS = Integer.getInteger("chats", 16);
    private static final int SECONDS = Integer.getInteger("seconds", 10);
    private static final String STORAGES = System.getProperty("storages", "sqlite,postgres");
    private static final boolean CEILINGS = Boolean.parseBoolean(System.getProperty("ceilings", "true"));
    private static final int WARM_UP_SECONDS = 3;
    private static final long CLOCK_TICK_NANOS = 10_000_000L;
    private static final int CEILING_BATCH = 100;
    private static final String BODY = "x".repeat(64);

    public static void main(String[] args) throws Exception {
        System.out.printf("%d senders over %d chats, %d s after a %d s warm-up%n", SENDERS, CHATS, SECONDS,
                WARM_UP_SECONDS);
        System.out.println("storage   what               per s  p50 ms  p99 ms  max ms  CPU µs/append: commit  database");
        if (STORAGES.contains("sqlite")) sqlite();
        if (STORAGES.contains("postgres")) postgres();
    }

    private static void sqlite() throws Exception {
        Path dir = Files.createTempDirectory("vestnik-probe");
        try (Storage sqlite = new SqliteStorage(dir)) {
            sqlite.start();
            report("sqlite", "appends", appends(sqlite, null));
        }
        if (!CEILINGS) return;
        String[] durable = {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"};
        report("sqlite", "batched inserts", ceiling("jdbc:sqlite:" + dir.resolve("ceiling.db"), durable));
        report("sqlite", "same, messages", intoMessages("jdbc:sqlite:" + dir.resolve("vestnik.db"), durable));
    }

    private static void postgres() throws Exception {
        try (PostgresDatabase database = PostgresDatabase.create()) {
            try (Storage postgres = new PostgresStorage(PostgresUrl.parse(database.url()))) {
                postgres.start();
                report("postgres", "appends", appends(postgres, database.url()));
            }
            if (!CEILINGS) return;
            report("postgres", "batched inserts", ceiling(database.url()));
            report("postgres", "same, messages", intoMessages(database.url()));
        }
    }

    /** {@code cpu}: nanoseconds of the commit threads and of the database's processes while measured; null for a ceiling. */
    private record Run(long count, long failures, double seconds, long[] latencies, long[] cpu) {}

    /** {@code postgresUrl}: the database whose server processes' CPU counts too; null on SQLite. */
    private static Run appends(Storage storage, String postgresUrl) throws Exception {
        MessageStore messages = CachedStores.over(storage.chats(), storage.messages(), new MemoryChatCache(1000),
                new Metrics("probe")).messages();
        List<Chat> chats = new ArrayList<>();
        List<User> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) senders.add(storage.users().create(StoreFixture.unique("p-"), "P", "h",
                Instant.now()).orElseThrow());
        for (int c = 0; c < CHATS; c++) {
            List<Long> members = new ArrayList<>();
            for (int i = c; i < SENDERS; i += CHATS) members.add(senders.get(i).id());
            chats.add(storage.chats().create(new ChatStore.NewChat(ChatKind.GROUP, "probe", null, members.getFirst(),
                    members.subList(1, members.size()), null), Instant.now()).chat());
        }
        return timed(messages, chats, senders, postgresUrl);
    }

    /** Every sender appends until the end; only appends that start after the warm-up count. */
    private static Run timed(MessageStore messages, List<Chat> chats, List<User> senders, String postgresUrl)
            throws Exception {
        long measureFrom = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
        long end = measureFrom + SECONDS * 1_000_000_000L;
        AtomicLong failures = new AtomicLong();
        List<long[]> perSender = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            Chat chat = chats.get(i % chats.size());
            User sender = senders.get(i);
            long[] latencies = new long[200_000];
            perSender.add(latencies);
            threads.add(Thread.ofVirtual().start(() -> {
                int n = 0;
                for (long start = System.nanoTime(); start < end && n < latencies.length; start = System.nanoTime()) {
                    try {
                        messages.append(new MessageStore.NewMessage(chat.id(), sender.id(),
                                UUID.randomUUID().toString(), BODY, null, null, List.of(), Instant.now()));
                        if (start >= measureFrom) latencies[n++] = System.nanoTime() - start;
                    } catch (RuntimeException failure) {
                        if (start >= measureFrom) failures.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(Duration.ofNanos(measureFrom - System.nanoTime()));
        long[] cpuFrom = cpu(postgresUrl);
        Thread.sleep(Duration.ofNanos(end - System.nanoTime()));
        long[] cpuTo = cpu(postgresUrl);
        for (Thread t : threads) t.join();
        long[] all = perSender.stream().flatMapToLong(l -> Arrays.stream(l).filter(x -> x > 0)).sorted().toArray();
        return new Run(all.length, failures.get(), SECONDS, all, new long[] {cpuTo[0] - cpuFrom[0], cpuTo[1] - cpuFrom[1]});
    }

    /** CPU nanoseconds so far of the commit threads and of the database's server processes (0 without one). */
    private static long[] cpu(String postgresUrl) throws SQLException, IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long commit = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vestnik-group-commit-"))
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.threadId()))).sum();
        long database = 0;
        if (postgresUrl != null) {
            try (Connection c = DriverManager.getConnection(postgresUrl); Statement s = c.createStatement();
                 var pids = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                         + " AND pid <> pg_backend_pid()")) {
                while (pids.next()) database += processCpu(pids.getLong(1));
            }
        }
        return new long[] {commit, database};
    }

    /** utime + stime of a process from /proc, in nanoseconds (clock ticks of 10 ms); 0 once it is gone. */
    private static long processCpu(long pid) throws IOException {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (!Files.exists(stat)) return 0;
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * CLOCK_TICK_NANOS;
    }

    /** Into a table with only a primary key: the database's own ceiling. */
    private static Run ceiling(String url, String... settings) throws SQLException {
        return batchedInserts(url, "ceiling", settings);
    }

    /**
     * Into the messages table itself (with its indexes and full-text search), as the first chat's
     * first user, seqs far above the appended ones: what the schema alone costs below the ceiling.
     */
    private static Run intoMessages(String url, String... settings) throws SQLException {
        return batchedInserts(url, "messages", settings);
    }

    /** One connection, {@link #CEILING_BATCH} rows per transaction, for as long as the appends ran. */
    private static Run batchedInserts(String url, String table, String... settings) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (url.startsWith("jdbc:sqlite:")) SearchFunctions.register(c, new SearchAnalyzer(SearchLanguage.DEFAULT));
            for (String setting : settings) s.execute(setting);
            if (table.equals("ceiling")) {
                s.execute("CREATE TABLE ceiling (chat_id BIGINT, seq BIGINT, sender_id BIGINT, body TEXT, "
                        + "client_id TEXT, created_at BIGINT, PRIMARY KEY (chat_id, seq))");
            }
            long chat = table.equals("ceiling") ? 1 : first(s, "chats");
            long sender = table.equals("ceiling") ? 1 : first(s, "users");
            c.setAutoCommit(false);
            long measureFrom = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
            long end = measureFrom + SECONDS * 1_000_000_000L;
            long rows = 0;
            long seq = 1_000_000_000L;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                    + " (chat_id, seq, sender_id, body, client_id, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    boolean measuring = System.nanoTime() >= measureFrom;
                    for (int i = 0; i < CEILING_BATCH; i++) {
                        insert.setLong(1, chat);
                        insert.setLong(2, ++seq);
                        insert.setLong(3, sender);
                        insert.setString(4, BODY);
                        insert.setString(5, UUID.randomUUID().toString());
                        insert.setLong(6, System.currentTimeMillis());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    c.commit();
                    if (measuring) rows += CEILING_BATCH;
                }
            }
            return new Run(rows, 0, SECONDS, new long[0], null);
        }
    }

    private static long first(Statement s, String table) throws SQLException {
        try (var rows = s.executeQuery("SELECT min(id) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void report(String storage, String what, Run run) {
        long[] l = run.latencies();
        String latency = l.length == 0 ? "" : String.format("  %6.1f  %6.1f  %6.1f", millis(l, 0.50),
                millis(l, 0.99), l[l.length - 1] / 1e6);
        String cpu = run.cpu() == null || run.count() == 0 ? "" : String.format("  %20.0f  %8.0f",
                run.cpu()[0] / 1e3 / run.count(), run.cpu()[1] / 1e3 / run.count());
        String failed = run.failures() == 0 ? "" : "  (" + run.failures() + " failed)";
        System.out.printf("%-9s %-15s %8.0f%s%s%s%n", storage, what, run.count() / run.seconds(), latency, cpu, failed);
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
    }
}
