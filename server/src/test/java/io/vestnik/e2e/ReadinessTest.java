package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.RedisServer;
import io.vestnik.testing.TestNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Readiness tells the truth about delivery between nodes: while the broker's subscription is
 * dead the node is not ready (a load balancer stops sending it traffic), and it becomes ready
 * again by itself when Redis returns.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReadinessTest {

    @Test
    void a_node_is_not_ready_while_redis_is_gone_and_ready_again_when_it_returns() {
        try (RedisServer redis = RedisServer.start();
             TestNode node = TestNode.start(TestNode.Storage.SQLITE, Map.of(
                     "VESTNIK_REDIS_URL", redis.url(), "VESTNIK_JWT_SECRET", "readiness-test-secret-0123456789abcdef"))) {
            HttpApi http = node.http();
            awaitStatus(http, status -> status == 200);
            redis.stop();
            awaitStatus(http, status -> status == 503);
            assertThat(http.get("/health/live", null).status()).as("alive all along").isEqualTo(200);
            redis.launch();
            awaitStatus(http, status -> status == 200);
        }
    }

    private static void awaitStatus(HttpApi http, IntPredicate expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        do {
            status = http.get("/health/ready", null).status();
            if (expected.test(status)) return;
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("readiness stayed " + status);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
