package io.vestnik.store;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the contract tests stand on: the storage under test and short ways to make users, chats
 * and messages. Every test makes its own users and chats, so tests share a database safely.
 */
public interface StoreFixture {
    Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    Storage storage();

    /** Closes the storage and opens a new one on the same database. */
    Storage reopen();

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 12);
    }

    default User user() {
        return storage().users().create(unique("user-"), "Someone", "hash", T0).orElseThrow();
    }

    default Chat group(User owner, User... others) {
        List<Long> ids = new ArrayList<>();
        for (User u : others) ids.add(u.id());
        var chat = new ChatStore.NewChat(ChatKind.GROUP, "A group", null, owner.id(), ids, null);
        return storage().chats().create(chat, T0).chat();
    }

    default MessageStore.NewMessage text(Chat chat, User sender, String body) {
        return new MessageStore.NewMessage(chat.id(), sender.id(), unique("c-"), body, null, null, List.of(), T0);
    }

    default Message send(Chat chat, User sender, String body) {
        return storage().messages().append(text(chat, sender, body)).message();
    }

    default Message sendAt(Chat chat, User sender, String body, Instant at) {
        return storage().messages().append(new MessageStore.NewMessage(chat.id(), sender.id(), unique("c-"), body,
                null, null, List.of(), at)).message();
    }

    /** The first page (twenty) of {@code user}'s search for {@code words}, in {@code chatId} when not null. */
    default List<Message> search(User user, String words, Long chatId) {
        return storage().messages().search(new MessageStore.SearchQuery(user.id(), words, chatId, null, null, null, 0, 20));
    }

    /** Runs {@code task} on {@code threads} threads released at once; returns every result. */
    /** An upload's row as the server writes it (its blob aside), outside any quota. */
    static io.vestnik.domain.Attachment upload(Storage storage, long uploaderId, String name, String type, long size, Instant at) {
        return storage.attachments().save(new AttachmentStore.NewAttachment(uploaderId, name, type, size, "ab".repeat(32),
                io.vestnik.blob.BlobKey.random(), at), Long.MAX_VALUE).orElseThrow();
    }

    static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        }
    }
}
