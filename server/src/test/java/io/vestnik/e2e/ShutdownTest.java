package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.TestNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stopping a node (a deploy) lets requests already in flight finish instead of cutting them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownTest {

    @Test
    void a_request_in_flight_when_the_node_stops_still_gets_its_answer() throws Exception {
        TestNode node = TestNode.start(TestNode.Storage.SQLITE);
        HttpApi http = node.http();
        assertThat(http.get("/health/live", null).status()).isEqualTo(200); // the client's connection is open and pooled
        // Registering hashes a password with Argon2 (a few hundred ms): long enough to stop meanwhile.
        CompletableFuture<Integer> register = CompletableFuture.supplyAsync(() -> http.post("/api/v1/auth/register", null,
                Map.of("username", "inflight", "password", "correct horse 1")).status());
        Thread.sleep(60);
        node.close();
        assertThat(register.get(20, TimeUnit.SECONDS)).isEqualTo(201);
    }
}
