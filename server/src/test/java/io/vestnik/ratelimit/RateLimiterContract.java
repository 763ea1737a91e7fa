package io.vestnik.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link RateLimiter} promises (its Javadoc), run against each implementation by a
 * subclass that says how to make one. Each test uses limits with fresh names, so implementations
 * that share state (Redis) start every test from full buckets.
 */
@Timeout(60)
public abstract class RateLimiterContract {
    private RateLimiter limiter;

    /** A new limiter. */
    protected abstract RateLimiter open();

    /** Releases what {@link #open} took. */
    protected void close(RateLimiter limiter) throws Exception {}

    @BeforeEach
    void openLimiter() {
        limiter = open();
    }

    @AfterEach
    void closeLimiter() throws Exception {
        close(limiter);
    }

    static Limit limit(long perPeriod, Duration period, long burst, Duration block) {
        return new Limit("contract" + Long.toHexString(ThreadLocalRandom.current().nextLong()), perPeriod, period, burst, block);
    }

    @Test
    void a_fresh_key_may_spend_the_rate_and_the_burst_at_once_and_no_more() {
        Limit limit = limit(3, Duration.ofMinutes(1), 2, Duration.ofSeconds(30));
        for (long remaining = 4; remaining >= 0; remaining--) {
            Decision allowed = limiter.acquire(limit, "k");
            assertThat(allowed.allowed()).isTrue();
            assertThat(allowed.limit()).isEqualTo(5);
            assertThat(allowed.remaining()).isEqualTo(remaining);
            assertThat(allowed.resetSeconds()).isPositive();
        }
        Decision refused = limiter.acquire(limit, "k");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfterSeconds()).isEqualTo(30);
    }

    @Test
    void each_key_has_its_own_budget() {
        Limit limit = limit(1, Duration.ofMinutes(1), 0, Duration.ofSeconds(30));
        assertThat(limiter.acquire(limit, "a").allowed()).isTrue();
        assertThat(limiter.acquire(limit, "a").allowed()).isFalse();
        assertThat(limiter.acquire(limit, "b").allowed()).isTrue();
        assertThat(limiter.acquire(limit(1, Duration.ofMinutes(1), 0, Duration.ofSeconds(30)), "a").allowed())
                .as("another limit on the same key").isTrue();
    }

    @Test
    void without_a_block_a_spent_key_is_let_in_again_as_tokens_refill() {
        Limit limit = limit(2, Duration.ofSeconds(1), 0, Duration.ZERO);
        limiter.acquire(limit, "k");
        limiter.acquire(limit, "k");
        Decision refused = limiter.acquire(limit, "k");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).as("until the next token, rounded up").isEqualTo(1);
        long spent = System.nanoTime();
        Await.until("a token refilled", Duration.ofSeconds(3), () -> limiter.acquire(limit, "k").allowed());
        assertThat(Duration.ofNanos(System.nanoTime() - spent)).as("one token every half second").isGreaterThan(Duration.ofMillis(300));
    }

    @Test
    void exceeding_blocks_the_key_for_the_block_even_once_tokens_refill() {
        Limit limit = limit(2, Duration.ofMillis(200), 0, Duration.ofMillis(1500));
        limiter.acquire(limit, "k");
        limiter.acquire(limit, "k");
        long exceeded = System.nanoTime();
        assertThat(limiter.acquire(limit, "k").retryAfterSeconds()).isEqualTo(2);
        Await.until("the block is over", Duration.ofSeconds(5), () -> limiter.acquire(limit, "k").allowed());
        assertThat(Duration.ofNanos(System.nanoTime() - exceeded)).as("refilled after 200 ms, blocked for 1.5 s")
                .isGreaterThan(Duration.ofMillis(1300));
    }

    @Test
    void callers_on_many_threads_together_spend_exactly_the_budget() throws Exception {
        Limit limit = limit(40, Duration.ofHours(1), 0, Duration.ofSeconds(30));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                callers.add(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 20; i++) if (limiter.acquire(limit, "shared").allowed()) allowed++;
                    return allowed;
                });
            }
            int total = 0;
            for (Future<Integer> allowed : threads.invokeAll(callers)) total += allowed.get();
            assertThat(total).isEqualTo(40);
        } finally {
            threads.shutdownNow();
        }
    }
}
