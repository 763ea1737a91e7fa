package io.vestnik.store.sql;

import static io.vestnik.store.sql.BoundRows.bigint;
import static io.vestnik.store.sql.BoundRows.text;
import static java.util.stream.Collectors.joining;

import io.vestnik.domain.Message;
import io.vestnik.domain.MessageRef;
import io.vestnik.store.MessageStore.Appended;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refusal;
import io.vestnik.store.MessageStore.Refused;
import io.vestnik.store.sql.BoundRows.Column;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Plain appends (no reply, no attachments: nothing to check but membership and restrictions)
 * written with a few statements whatever their number: one reads the chats and memberships (and
 * locks them, in ascending chat id: the lock order), one finds clientIds already stored, one reads
 * the senders' blocks and mutes ({@link SendBans}), in a chat with slow mode one per append claims
 * its sender's turn ({@link SlowMode}), one {@code UPDATE chats} moves each chat's counter by its
 * number of messages, one insert stores them all. Each statement binds its lists as arrays
 * ({@link Dialect#inIds}, {@link BoundRows}), so its text is the same for every batch: parsed and
 * planned once per connection, not once per batch size. The outcome is
 * what {@link MessageAppend#in} would give each append run one after another in arrival order:
 * a chat's messages take its next seqs in that order, and the chat's version moves by one per
 * message, message i of the chat getting the version "after i messages" (versions in between
 * are never committed, so no reader is validated against them).
 */
final class AppendBatch {
    private AppendBatch() {}

    /**
     * A streamed reply is not plain either: it is rare, and its row has two more columns; nor is a
     * reply in a thread: its root is checked and its summary moved.
     */
    static boolean plain(NewMessage m) {
        return !m.streaming() && m.replyToSeq() == null && m.threadRootSeq() == null
                && (m.attachmentIds() == null || m.attachmentIds().isEmpty());
    }

    /** What became of one append: exactly one of the two is set. */
    record Outcome(Appended appended, Refused refused) {}

    private record Key(long chatId, long senderId, String clientId) {
        static Key of(NewMessage m) {
            return m.clientId() == null ? null : new Key(m.chatId(), m.senderId(), m.clientId());
        }
    }

    private record ChatState(long version, int slowModeSeconds, Set<Long> members) {}

    private static final BoundRows<Key> ASKED = BoundRows.of("asked",
            bigint("chat_id", Key::chatId), bigint("sender_id", Key::senderId), text("client_id", Key::clientId));

    private record Row(long chatId, long seq, long senderId, String body, String clientId, long createdAt,
                       Long forwardedChatId, Long forwardedSeq) {
        static Row of(NewMessage m, long seq) {
            MessageRef forwarded = m.forwardedFrom();
            return new Row(m.chatId(), seq, m.senderId(), m.body(), m.clientId(), Rows.millis(m.now()),
                    forwarded == null ? null : forwarded.chatId(), forwarded == null ? null : forwarded.seq());
        }
    }

    /** The columns of messages a plain append fills in, as {@code INSERT} names them. */
    private static final BoundRows<Row> ROWS = BoundRows.of("new_rows",
            bigint("chat_id", Row::chatId), bigint("seq", Row::seq), bigint("sender_id", Row::senderId),
            text("body", Row::body), text("client_id", Row::clientId), bigint("created_at", Row::createdAt),
            bigint("forwarded_chat_id", Row::forwardedChatId), bigint("forwarded_seq", Row::forwardedSeq));

    /** A chat's counter moved by {@code added} messages, the last of them at {@code activityAt}. */
    private record Move(long chatId, long added, long activityAt) {}

    private static final BoundRows<Move> MOVES = BoundRows.of("moves",
            bigint("chat_id", Move::chatId), bigint("added", Move::added), bigint("activity_at", Move::activityAt));

    /**
     * The outcome of each of {@code appends}, in their order; they must be plain, in ascending chat id.
     *
     * @throws MessageAppend.LostRace when another transaction stored one of the clientIds first
     */
    static List<Outcome> in(Handle h, Dialect dialect, List<NewMessage> appends) {
        Map<Long, ChatState> chats = chats(h, dialect, appends);
        Map<Key, Appended> known = stored(h, dialect, appends, chats);
        List<Optional<Refused>> banned = SendBans.of(h, dialect, appends);
        Map<Integer, Refused> slowed = slowed(h, appends, chats, known, banned);
        Outcome[] outcomes = new Outcome[appends.size()];
        Map<Long, List<Integer>> fresh = new TreeMap<>();
        Map<Key, Integer> firstOf = new HashMap<>();
        for (int i = 0; i < appends.size(); i++) {
            NewMessage m = appends.get(i);
            ChatState chat = chats.get(m.chatId());
            Key key = Key.of(m);
            if (chat == null) outcomes[i] = new Outcome(null, new Refused(Refusal.NO_SUCH_CHAT));
            else if (!chat.members().contains(m.senderId())) outcomes[i] = new Outcome(null, new Refused(Refusal.NOT_MEMBER));
            else if (key != null && known.containsKey(key)) outcomes[i] = new Outcome(known.get(key), null);
            else if (banned.get(i).isPresent()) outcomes[i] = new Outcome(null, banned.get(i).get());
            else if (slowed.containsKey(i)) outcomes[i] = new Outcome(null, slowed.get(i));
            else if (key != null && firstOf.containsKey(key)) continue;
            else {
                if (key != null) firstOf.put(key, i);
                fresh.computeIfAbsent(m.chatId(), c -> new ArrayList<>()).add(i);
            }
        }
        store(h, dialect, appends, fresh, outcomes);
        for (int i = 0; i < appends.size(); i++) {
            if (outcomes[i] != null) continue;
            Appended first = outcomes[firstOf.get(Key.of(appends.get(i)))].appended();
            outcomes[i] = new Outcome(new Appended(first.message(), false, first.chatVersion()), null);
        }
        return List.of(outcomes);
    }

    /**
     * The appends slow mode refuses, by index; the others' turns are claimed ({@link SlowMode}) in
     * (chat, sender) order, so two batches claiming the same members lock their rows in one order.
     * Only appends that would otherwise be stored claim: not refused ones, not retries, not a
     * second copy of a clientId in this batch.
     */
    private static Map<Integer, Refused> slowed(Handle h, List<NewMessage> appends, Map<Long, ChatState> chats,
                                                Map<Key, Appended> known, List<Optional<Refused>> banned) {
        Map<Key, Integer> firstOf = new HashMap<>();
        Map<Integer, Integer> copies = new HashMap<>();
        List<Integer> claims = new ArrayList<>();
        for (int i = 0; i < appends.size(); i++) {
            NewMessage m = appends.get(i);
            ChatState chat = chats.get(m.chatId());
            Key key = Key.of(m);
            if (chat == null || chat.slowModeSeconds() <= 0 || !chat.members().contains(m.senderId())) continue;
            if (banned.get(i).isPresent() || (key != null && known.containsKey(key))) continue;
            Integer first = key == null ? null : firstOf.putIfAbsent(key, i);
            if (first == null) claims.add(i);
            else copies.put(i, first);
        }
        claims.sort(Comparator.<Integer>comparingLong(i -> appends.get(i).chatId())
                .thenComparingLong(i -> appends.get(i).senderId()).thenComparingInt(i -> i));
        Map<Integer, Refused> slowed = new HashMap<>();
        for (int i : claims) {
            NewMessage m = appends.get(i);
            SlowMode.claim(h, m.chatId(), m.senderId(), chats.get(m.chatId()).slowModeSeconds(), m.now())
                    .ifPresent(refused -> slowed.put(i, refused));
        }
        copies.forEach((copy, first) -> {
            if (slowed.containsKey(first)) slowed.put(copy, slowed.get(first));
        });
        return slowed;
    }

    private record Membership(long chatId, long version, int slowModeSeconds, Long member) {}

    /**
     * The chats appended to, with those of the senders who are members; an unknown chat is missing.
     * Their rows are locked here, in ascending id (the lock order), before the clientIds are looked
     * up: see {@link MessageAppend#in}.
     */
    private static Map<Long, ChatState> chats(Handle h, Dialect dialect, List<NewMessage> appends) {
        List<Membership> rows = h.createQuery("SELECT c.id, c.version, c.slow_mode_seconds, cm.user_id FROM chats c"
                        + " LEFT JOIN chat_members cm ON cm.chat_id = c.id AND " + dialect.inIds("cm.user_id", "senders")
                        + " WHERE " + dialect.inIds("c.id", "chats") + " ORDER BY c.id" + dialect.forUpdate("c"))
                .bind("senders", dialect.ids(appends.stream().map(NewMessage::senderId).distinct().toList()))
                .bind("chats", dialect.ids(appends.stream().map(NewMessage::chatId).distinct().toList()))
                .map((rs, ctx) -> new Membership(rs.getLong("id"), rs.getLong("version"),
                        rs.getInt("slow_mode_seconds"), Rows.longOrNull(rs, "user_id")))
                .list();
        Map<Long, ChatState> chats = new HashMap<>();
        for (Membership row : rows) {
            ChatState chat = chats.computeIfAbsent(row.chatId(), id -> new ChatState(row.version(), row.slowModeSeconds(), new HashSet<>()));
            if (row.member() != null) chat.members().add(row.member());
        }
        return chats;
    }

    /** The appends whose clientId the sender already stored: a repeat answers with that message. */
    private static Map<Key, Appended> stored(Handle h, Dialect dialect, List<NewMessage> appends,
                                             Map<Long, ChatState> chats) {
        List<Key> keys = appends.stream().map(Key::of).filter(k -> k != null && chats.containsKey(k.chatId()))
                .distinct().toList();
        if (keys.isEmpty()) return Map.of();
        List<Message> found = MessageRows.list(h, dialect.bind(h.createQuery("SELECT " + MessageRows.COLUMNS
                        + " FROM " + dialect.from(ASKED) + dialect.joinEach("messages", "m", "m.chat_id = asked.chat_id"
                        + " AND m.sender_id = asked.sender_id AND m.client_id = asked.client_id")), ASKED, keys));
        Map<Key, Appended> known = new HashMap<>();
        for (Message m : found) {
            known.put(new Key(m.chatId(), m.senderId(), m.clientId()),
                    new Appended(m, false, chats.get(m.chatId()).version()));
        }
        return known;
    }

    private record Numbered(long chatId, long seq) {}

    /** Numbers and inserts the fresh appends (indexes by chat, ascending), filling in their outcomes. */
    private static void store(Handle h, Dialect dialect, List<NewMessage> appends, Map<Long, List<Integer>> fresh,
                              Outcome[] outcomes) {
        if (fresh.isEmpty()) return;
        Map<Long, long[]> counters = moveCounters(h, dialect, fresh.entrySet().stream().map(chat -> new Move(chat.getKey(),
                chat.getValue().size(), Rows.millis(appends.get(chat.getValue().getLast()).now()))).toList());
        Map<Integer, Long> versions = new HashMap<>();
        Map<Integer, Row> rows = new LinkedHashMap<>();
        fresh.forEach((chatId, indexes) -> {
            long[] counter = counters.get(chatId);
            for (int k = 0; k < indexes.size(); k++) {
                int behind = indexes.size() - 1 - k;
                versions.put(indexes.get(k), counter[1] - behind);
                rows.put(indexes.get(k), Row.of(appends.get(indexes.get(k)), counter[0] - behind));
            }
        });
        Map<Numbered, Long> ids = insert(h, dialect, rows.values());
        rows.forEach((i, row) -> {
            Long id = ids.get(new Numbered(row.chatId(), row.seq()));
            if (id == null) throw new MessageAppend.LostRace();
            Message message = MessageAppend.stored(appends.get(i), id, row.seq());
            outcomes[i] = new Outcome(new Appended(message, true, versions.get(i)), null);
        });
    }

    /** Each chat's last seq and version after moving both by its number of messages. */
    private static Map<Long, long[]> moveCounters(Handle h, Dialect dialect, List<Move> moves) {
        List<Map.Entry<Long, long[]>> moved = dialect.bind(h.createQuery(
                        "UPDATE chats SET last_seq = last_seq + added, last_activity_at = activity_at, version = version + added"
                        + " FROM " + dialect.from(MOVES) + " WHERE id = moves.chat_id RETURNING id, last_seq, version"),
                        MOVES, moves)
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), new long[] {rs.getLong("last_seq"), rs.getLong("version")}))
                .list();
        Map<Long, long[]> counters = new HashMap<>();
        moved.forEach(e -> counters.put(e.getKey(), e.getValue()));
        return counters;
    }

    /**
     * The new rows' ids; a row whose clientId another transaction stored first is missing. The
     * {@code WHERE true}: SQLite would read an upsert's {@code ON} after a bare FROM as a join's.
     */
    private static Map<Numbered, Long> insert(Handle h, Dialect dialect, Collection<Row> rows) {
        String columns = ROWS.columns().stream().map(Column::name).collect(joining(", "));
        List<Map.Entry<Numbered, Long>> inserted = dialect.bind(h.createQuery(
                        "INSERT INTO messages (" + columns + ") SELECT " + columns + " FROM " + dialect.from(ROWS)
                        + " WHERE true ON CONFLICT DO NOTHING RETURNING id, chat_id, seq"), ROWS, rows)
                .map((rs, ctx) -> Map.entry(new Numbered(rs.getLong("chat_id"), rs.getLong("seq")), rs.getLong("id")))
                .list();
        Map<Numbered, Long> ids = new HashMap<>();
        inserted.forEach(e -> ids.put(e.getKey(), e.getValue()));
        return ids;
    }
}
