package io.vestnik.gateway;

import io.vestnik.domain.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Storage reads of the same page of a chat, asked for together by many feeds on this node, done
 * once. After a broker reconnect every feed catches up at once and a group's members all have
 * the same gap: thousands of identical reads become one per chat.
 *
 * <p>A caller only joins a read that has not begun: {@link ChatStreams} relies on every fetch it
 * asks for beginning after it asked (what the fetch does not bring was committed later, or is
 * gone for good), so a read already under way is never shared with a later caller.
 */
final class SharedFetches {
    /** Reads one page from storage; blocking. */
    interface PageReader {
        List<Message> read(long chatId, long afterSeq, int limit) throws Exception;
    }

    private record Page(long chatId, long afterSeq, int limit) {}

    private final class Read implements Runnable {
        final Page page;
        final CompletableFuture<List<Message>> result = new CompletableFuture<>();
        private boolean begun;

        Read(Page page) {
            this.page = page;
        }

        /** False once the read has begun: the caller must start its own. */
        synchronized boolean join() {
            return !begun;
        }

        @Override
        public void run() {
            synchronized (this) {
                begun = true;
            }
            waiting.remove(page, this);
            try {
                result.complete(reader.read(page.chatId(), page.afterSeq(), page.limit()));
            } catch (Exception | Error failure) {
                result.completeExceptionally(failure);
            }
        }
    }

    private final Map<Page, Read> waiting = new ConcurrentHashMap<>();
    private final PageReader reader;
    private final Executor executor;

    SharedFetches(PageReader reader, Executor executor) {
        this.reader = reader;
        this.executor = executor;
    }

    /** Completes off the caller's thread. */
    CompletableFuture<List<Message>> fetch(long chatId, long afterSeq, int limit) {
        Page page = new Page(chatId, afterSeq, limit);
        while (true) {
            Read pending = waiting.get(page);
            if (pending != null && pending.join()) return pending.result;
            Read mine = new Read(page);
            if (pending == null ? waiting.putIfAbsent(page, mine) == null : waiting.replace(page, pending, mine)) {
                try {
                    executor.execute(mine);
                } catch (RuntimeException rejected) { // shutting down
                    waiting.remove(page, mine);
                    mine.result.completeExceptionally(rejected);
                }
                return mine.result;
            }
        }
    }
}
