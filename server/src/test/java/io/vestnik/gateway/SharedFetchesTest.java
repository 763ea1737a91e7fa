package io.vestnik.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedFetchesTest {
    private final List<Runnable> queued = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final SharedFetches fetches = new SharedFetches((chat, after, limit) -> {
        reads.incrementAndGet();
        return List.<Message>of();
    }, queued::add);

    @Test
    void callers_asking_for_the_same_page_before_the_read_begins_share_one_read() {
        List<CompletableFuture<List<Message>>> answers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) answers.add(fetches.fetch(7, 41, 500));
        answers.add(fetches.fetch(8, 41, 500));
        queued.forEach(Runnable::run);

        assertThat(reads).hasValue(2);
        assertThat(answers).allMatch(answer -> answer.isDone() && !answer.isCompletedExceptionally());
    }

    @Test
    void a_caller_arriving_once_the_read_has_begun_gets_a_read_of_its_own() {
        CompletableFuture<List<Message>> early = fetches.fetch(7, 41, 500);
        queued.removeFirst().run();
        CompletableFuture<List<Message>> late = fetches.fetch(7, 41, 500);

        assertThat(early).isDone();
        assertThat(late).isNotDone();
        queued.forEach(Runnable::run);
        assertThat(late).isDone();
        assertThat(reads).hasValue(2);
    }
}
