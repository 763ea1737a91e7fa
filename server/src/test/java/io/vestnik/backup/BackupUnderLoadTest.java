package io.vestnik.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.NodeProcess;
import io.vestnik.testing.WsClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backup taken while clients send and receive through a node (its own process, embedded
 * storage) restores with nothing lost that was acknowledged before the backup began, each chat a
 * gapless prefix of what was acknowledged; after stop, restore and start, readers resume from the
 * positions they held — at the end of what they saw, inside the range the restore lost, or behind
 * the restored end — and get every later message once, in order, none skipped: no seq is reused.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BackupUnderLoadTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Acks before the backup and after it, per chat: the backup lands in the middle of a stream of sends. */
    private static final int ACKED_AROUND_BACKUP = 10;
    private static final int SENT_AFTER_RESTART = 10;

    /** A chat, its sender (sending all along) and its reader (connected all along). */
    private record Pair(long chatId, User sender, User reader, WsClient readerSocket, SteadySender sending) {}

    private record Stored(long seq, String clientId) {}

    @Test
    void a_backup_taken_under_load_restores_with_nothing_acknowledged_before_it_lost_and_no_seq_reused() throws Exception {
        Operator operator = new Operator();
        Path data = operator.data;
        try (NodeProcess node = NodeProcess.start("backed-up", Cluster.freePort(), operator.settings)) {
            HttpApi http = node.http();
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < 3; i++) pairs.add(pair(node, http, "c" + i + "-"));
            Await.until("sends flowing in every chat", WAIT, () -> pairs.stream().allMatch(p -> p.sending().acks().size() >= ACKED_AROUND_BACKUP));

            long backupBegan = System.nanoTime();
            assertThat(operator.backUp()).isZero();
            assertThat(operator.printed()).contains("integrity checked");
            long backupEnded = System.nanoTime();
            Await.until("sends acknowledged after the backup", WAIT,
                    () -> pairs.stream().allMatch(p -> p.sending().ackedAfter(backupEnded) >= ACKED_AROUND_BACKUP));
            for (Pair pair : pairs) pair.sending().stop();
            for (Pair pair : pairs) awaitSeen(pair.readerSocket(), pair.chatId(), pair.sending().lastSeq());
            node.stop();

            assertThat(operator.restore()).isZero();
            assertThat(operator.printed()).contains("kept as");
            Map<Long, Long> restoredEnds = new LinkedHashMap<>();
            for (Pair pair : pairs) restoredEnds.put(pair.chatId(), checkRestored(data, pair, backupBegan));
            node.restart();

            List<Long> positions = List.of(
                    pairs.get(0).sending().lastSeq(),
                    (restoredEnds.get(pairs.get(1).chatId()) + pairs.get(1).sending().lastSeq() + 1) / 2,
                    restoredEnds.get(pairs.get(2).chatId()) - 3);
            for (int i = 0; i < pairs.size(); i++) {
                checkResume(node, pairs.get(i), positions.get(i), restoredEnds.get(pairs.get(i).chatId()), data);
            }
        }
    }

    private static Pair pair(NodeProcess node, HttpApi http, String prefix) {
        User sender = http.register("sender");
        User reader = http.register("reader");
        long chat = http.directChat(sender, reader);
        WsClient readerSocket = WsClient.connect(node, reader);
        readerSocket.next("connected");
        return new Pair(chat, sender, reader, readerSocket, new SteadySender(chat, WsClient.connect(node, sender), prefix).start());
    }

    /**
     * The restored chat holds seqs 1..end, each the message acknowledged with that seq, and end
     * covers every message acknowledged before the backup began; the backup is behind the last ack.
     */
    private static long checkRestored(Path data, Pair pair, long backupBegan) throws Exception {
        List<Stored> restored = stored(data, pair.chatId());
        long end = restored.size();
        List<SteadySender.Ack> acks = pair.sending().acks();
        assertThat(restored).extracting(Stored::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, end).boxed().toList());
        assertThat(restored).extracting(Stored::clientId)
                .containsExactlyElementsOf(acks.subList(0, (int) end).stream().map(SteadySender.Ack::clientId).toList());
        assertThat(acks.stream().filter(ack -> ack.atNanos() < backupBegan))
                .as("acknowledged before the backup began").allMatch(ack -> ack.seq() <= end);
        assertThat(end).as("messages acknowledged after the backup are past its end").isLessThan(pair.sending().lastSeq());
        System.out.printf("backup: chat %d restored %d of %d acknowledged messages%n", pair.chatId(), end, acks.size());
        return end;
    }

    /**
     * The reader resumes from {@code position}; the sender sends more; the reader gets the restored
     * messages after its position, then every new one, each once, in order; the new ones continue
     * after the last seq the replaced database handed out.
     */
    private static void checkResume(NodeProcess node, Pair pair, long position, long restoredEnd, Path data) throws Exception {
        long oldEnd = pair.sending().lastSeq();
        try (SteadySender sender = new SteadySender(pair.chatId(), WsClient.connect(node, pair.sender()), "after-")) {
            // Half are stored before the reader connects (its replay crosses the hole), half after (live).
            List<String> sent = new ArrayList<>(send(sender, oldEnd, 0, SENT_AFTER_RESTART / 2));
            try (WsClient reader = resume(node, pair, position)) {
                sent.addAll(send(sender, oldEnd, SENT_AFTER_RESTART / 2, SENT_AFTER_RESTART));
                awaitSeen(reader, pair.chatId(), oldEnd + SENT_AFTER_RESTART);
                List<String> expected = new ArrayList<>(stored(data, pair.chatId()).stream()
                        .filter(m -> m.seq() > position && m.seq() <= restoredEnd).map(Stored::clientId).toList());
                expected.addAll(sent);
                assertThat(newMessages(reader, pair.chatId())).extracting(m -> m.path("client_id").asText())
                        .as("resumed from %d (restored end %d, old end %d)", position, restoredEnd, oldEnd)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    /** Sends messages {@code from} until {@code to} (exclusive); each seq continues after the old end. */
    private static List<String> send(SteadySender sender, long oldEnd, int from, int to) {
        List<String> sent = new ArrayList<>();
        for (int n = from; n < to; n++) {
            SteadySender.Ack ack = sender.sendOne("after-" + n);
            assertThat(ack.seq()).as("no seq the replaced database handed out is reused").isEqualTo(oldEnd + 1 + n);
            sent.add(ack.clientId());
        }
        return sent;
    }

    private static WsClient resume(NodeProcess node, Pair pair, long position) {
        WsClient reader = WsClient.open(node.wsUrl() + "?ticket=" + node.http().ticket(pair.reader()) + "&resume=1", Map.of());
        reader.next("connected");
        reader.send(Map.of("type", "resume", "positions", Map.of(Long.toString(pair.chatId()), position)));
        reader.next("resumed");
        return reader;
    }

    private static void awaitSeen(WsClient reader, long chatId, long seq) {
        Await.until("reader of chat " + chatId + " has seq " + seq, WAIT,
                () -> newMessages(reader, chatId).stream().anyMatch(m -> m.path("seq").asLong() >= seq));
    }

    private static List<JsonNode> newMessages(WsClient socket, long chatId) {
        return socket.received().stream()
                .filter(frame -> frame.path("type").asText().equals("new_message") && frame.path("chat_id").asLong() == chatId)
                .map(frame -> frame.path("message")).toList();
    }

    /** The chat's messages in the database file, by seq (SQLite lets a reader in beside a running node). */
    private static List<Stored> stored(Path data, long chatId) throws Exception {
        List<Stored> messages = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vestnik.db"));
             PreparedStatement s = c.prepareStatement("SELECT seq, client_id FROM messages WHERE chat_id = ? ORDER BY seq")) {
            s.setLong(1, chatId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) messages.add(new Stored(rs.getLong(1), rs.getString(2)));
            }
        }
        return messages;
    }
}
