package io.vestnik.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.metrics.Metrics;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MessageStore;
import io.vestnik.store.Storage;
import io.vestnik.store.StoreFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the cached stores promise over every {@link ChatCache}: reads served from the cache only
 * while nothing changed, and never a message list that differs from storage's. {@link #storage()}
 * is the undecorated storage — another node, whose writes this cache never hears of.
 */
@Timeout(120)
public abstract class ChatCacheContract implements StoreFixture {
    protected Storage storage;
    protected ChatCache cache;
    protected Metrics metrics;
    protected ChatStore cachedChats;
    protected MessageStore cachedMessages;

    protected abstract Storage openStorage();

    protected abstract ChatCache openCache(Storage storage);

    @BeforeEach
    void open() {
        storage = openStorage();
        storage.start();
        cache = openCache(storage);
        metrics = new Metrics("test");
        CachedStores stores = CachedStores.over(storage.chats(), storage.messages(), cache, metrics);
        cachedChats = stores.chats();
        cachedMessages = stores.messages();
    }

    @AfterEach
    void close() {
        cache.close();
        storage.close();
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public Storage reopen() {
        throw new UnsupportedOperationException();
    }

    protected double hits(String kind) {
        Counter c = metrics.registry().find("vestnik_cache_hits").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    protected double misses(String kind) {
        Counter c = metrics.registry().find("vestnik_cache_misses").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    protected Message sendHere(Chat chat, User sender, String body) {
        return cachedMessages.append(text(chat, sender, body)).message();
    }

    /** The latest page as a client asks for it, through the cache and straight from storage. */
    protected void assertLatestPageMatchesStorage(Chat chat) {
        assertThat(cachedMessages.before(chat.id(), Long.MAX_VALUE, 51))
                .isEqualTo(storage.messages().before(chat.id(), Long.MAX_VALUE, 51));
    }

    @Test
    void serves_recent_history_from_cache_when_nothing_changed() {
        User ann = user();
        Chat chat = group(ann);
        for (int i = 0; i < 10; i++) sendHere(chat, ann, "m" + i);

        List<Message> first = cachedMessages.before(chat.id(), Long.MAX_VALUE, 51);
        for (int i = 0; i < 9; i++) {
            assertThat(cachedMessages.before(chat.id(), Long.MAX_VALUE, 51)).isEqualTo(first);
            assertThat(cachedMessages.after(chat.id(), 5, 51)).isEqualTo(first.subList(5, 10));
            assertThat(cachedMessages.find(chat.id(), 10)).contains(first.getLast());
            assertThat(cachedChats.find(chat.id())).isEqualTo(storage.chats().find(chat.id()));
        }

        assertThat(first).isEqualTo(storage.messages().before(chat.id(), Long.MAX_VALUE, 51));
        assertThat(misses("messages")).as("only the first read builds the entry").isEqualTo(1);
        assertThat(hits("messages")).isEqualTo(27);
        assertThat(hits("chat")).isEqualTo(9);
        assertThat(metrics.registry().find("vestnik_storage_queries_saved").counter().count())
                .as("2 per message read, 2 per chat read").isEqualTo(27 * 2 + 9 * 2);
    }

    @Test
    void writes_through_this_node_keep_the_entry_current() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        sendHere(chat, ann, "one");
        cachedMessages.before(chat.id(), Long.MAX_VALUE, 51);
        double missesBefore = misses("messages") + misses("chat");

        sendHere(chat, bob, "two");
        cachedMessages.edit(chat.id(), 1, "one, edited", T0.plusSeconds(1));
        cachedChats.markRead(chat.id(), bob.id(), 2);
        cachedMessages.delete(chat.id(), 2, null, T0.plusSeconds(2));

        assertLatestPageMatchesStorage(chat);
        assertThat(cachedChats.find(chat.id())).isEqualTo(storage.chats().find(chat.id()));
        assertThat(misses("messages") + misses("chat")).as("each write updated the entry in place").isEqualTo(missesBefore);
    }

    @Test
    void never_serves_a_message_list_missing_a_message_written_elsewhere() {
        User ann = user();
        Chat chat = group(ann);
        sendHere(chat, ann, "here");
        cachedMessages.before(chat.id(), Long.MAX_VALUE, 51);

        Message elsewhere = send(chat, ann, "written by another node");

        assertThat(cachedMessages.after(chat.id(), 0, 51)).extracting(Message::body)
                .containsExactly("here", "written by another node");
        assertThat(cachedMessages.find(chat.id(), elsewhere.seq())).contains(elsewhere);
        assertThat(cachedChats.find(chat.id()).orElseThrow().lastSeq()).isEqualTo(2);
        Message next = sendHere(chat, ann, "here again");
        assertThat(next.seq()).isEqualTo(3);
        assertLatestPageMatchesStorage(chat);
    }

    @Test
    void reflects_an_edit_made_by_another_node() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        sendHere(chat, ann, "first draft");
        cachedMessages.find(chat.id(), 1);

        storage.messages().edit(chat.id(), 1, "final words", T0.plusSeconds(5));
        assertThat(cachedMessages.find(chat.id(), 1).orElseThrow().body()).isEqualTo("final words");

        storage.chats().markRead(chat.id(), bob.id(), 1);
        assertThat(cachedChats.find(chat.id()).orElseThrow().member(bob.id()).lastReadSeq()).isEqualTo(1);
        storage.chats().removeMember(chat.id(), bob.id());
        assertThat(cachedChats.find(chat.id()).orElseThrow().hasMember(bob.id())).isFalse();
        storage.messages().delete(chat.id(), 1, null, T0.plusSeconds(6));
        assertThat(cachedMessages.before(chat.id(), Long.MAX_VALUE, 51).getFirst().deleted()).isTrue();
    }

    @Test
    void rebuilt_entry_is_in_seq_order_without_duplicates() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> broken = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = Thread.ofVirtual().start(() -> {
            while (writing.get()) {
                checkContiguous(cachedMessages.before(chat.id(), Long.MAX_VALUE, 51), broken);
                checkContiguous(cachedMessages.after(chat.id(), 0, 51), broken);
            }
        });
        // Half the writers are this node (write-through), half another node (invalidation by version only).
        java.util.concurrent.atomic.AtomicInteger writers = new java.util.concurrent.atomic.AtomicInteger();
        StoreFixture.concurrently(4, () -> {
            boolean here = writers.incrementAndGet() % 2 == 0;
            for (int i = 0; i < 40; i++) {
                if (here) sendHere(chat, ann, "here"); else send(chat, ann, "elsewhere");
            }
            return null;
        });
        writing.set(false);
        reader.join();

        assertThat(broken).isEmpty();
        assertLatestPageMatchesStorage(chat);
        assertThat(cachedMessages.after(chat.id(), 100, 200)).isEqualTo(storage.messages().after(chat.id(), 100, 200));
        ChatEntry entry = cache.get(chat.id()).orElseThrow();
        assertThat(entry.messages()).hasSize(ChatEntries.WINDOW);
        assertThat(entry.messages()).extracting(Message::seq).isSorted().doesNotHaveDuplicates();
        assertThat(entry.messages().getLast().seq()).isEqualTo(160);
        assertThat(cachedMessages.before(chat.id(), 30, 10)).as("older than the window: from storage")
                .isEqualTo(storage.messages().before(chat.id(), 30, 10));
    }

    private static void checkContiguous(List<Message> page, List<String> broken) {
        for (int i = 1; i < page.size(); i++) {
            if (page.get(i).seq() != page.get(i - 1).seq() + 1) broken.add(page.stream().map(Message::seq).toList().toString());
        }
        if (!page.isEmpty() && page.getFirst().seq() != 1 && page.size() < 51) broken.add("short page " + page.size());
    }
}
