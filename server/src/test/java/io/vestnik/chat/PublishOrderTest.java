package io.vestnik.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.auth.Principal;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.LocalRouter;
import io.vestnik.broker.MemoryBroker;
import io.vestnik.broker.Subscriber;
import io.vestnik.broker.Topics;
import io.vestnik.cache.CachedStores;
import io.vestnik.cache.MemoryChatCache;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat's new messages are published in seq order however many of its sends are in flight at
 * once: a feed then writes each live message as it comes, and reads storage only for what the
 * broker really lost. Built as the node builds it (group commit, the chat cache's write-through).
 */
class PublishOrderTest {
    private static final int SENDS = 2_000;
    private static final int IN_FLIGHT = 16;

    @TempDir
    Path dataDir;

    @Test
    void concurrent_sends_to_one_chat_are_published_in_seq_order() throws Exception {
        Metrics metrics = new Metrics("test");
        try (Storage storage = new SqliteStorage(dataDir, StorageMeters.NONE, SearchLanguage.ENGLISH);
             ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT)) {
            storage.start();
            User sender = storage.users().create("sender", "Sender", "hash", Instant.now()).orElseThrow();
            Chat chat = storage.chats().create(new ChatStore.NewChat(ChatKind.GROUP, "A group", null, sender.id(),
                    List.of(), null), Instant.now()).chat();
            MemoryBroker broker = new MemoryBroker();
            LocalRouter router = new LocalRouter(broker, metrics);
            broker.start(router);
            List<Long> published = new ArrayList<>();
            router.join(Topics.chat(chat.id()), recording(published));
            MessageService messages = service(storage, router, metrics);

            List<CompletableFuture<MessageStore.Appended>> sends = new ArrayList<>();
            for (int i = 0; i < SENDS; i++) {
                var request = new Requests.SendMessage("c-" + i, "message " + i, null, null, null);
                sends.add(CompletableFuture.supplyAsync(() -> messages.sendQueued(new Principal(sender.id(), 0),
                        chat.id(), request, null), senders).thenCompose(sent -> sent));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

            synchronized (published) {
                assertThat(published).hasSize(SENDS).isSorted();
            }
        }
    }

    /** What sending a message touches, the rest left out. */
    private static MessageService service(Storage storage, LocalRouter router, Metrics metrics) {
        CachedStores stores = CachedStores.over(storage.chats(), storage.messages(), new MemoryChatCache(100), metrics);
        Attachments attachments = new Attachments(storage.attachments(), stores.chats(), null, null,
                new Attachments.Limits(1, 1), Clock.systemUTC());
        return new MessageService(null, stores.messages(), new Events(router), attachments, null, null, metrics,
                Clock.systemUTC());
    }

    /** Records the seq of every new message, on the publishing thread, in the order published. */
    private static Subscriber recording(List<Long> published) {
        return new Subscriber() {
            @Override
            public String id() {
                return "recorder";
            }

            @Override
            public void receive(Envelope envelope) {
                if (envelope.seq() == 0) return;
                synchronized (published) {
                    published.add(envelope.seq());
                }
            }
        };
    }
}
