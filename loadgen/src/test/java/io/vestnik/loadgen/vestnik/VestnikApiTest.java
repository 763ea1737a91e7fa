package io.vestnik.loadgen.vestnik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class VestnikApiTest {
    private static final String UNAVAILABLE = "{\"error\":\"unavailable\",\"retry_after\":1}";

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void a_user_is_provisioned_after_the_storage_said_try_again_shortly() throws Exception {
        URI base = serve(2);

        assertThat(new VestnikApi(base).me("token")).isEqualTo(42);
        assertThat(requests).hasValue(3);
    }

    @Test
    void a_storage_that_stays_unavailable_fails_the_run_after_a_few_attempts() throws Exception {
        URI base = serve(Integer.MAX_VALUE);

        assertThatThrownBy(() -> new VestnikApi(base).me("token")).isInstanceOf(IOException.class).hasMessageContaining("HTTP 503");
        assertThat(requests).hasValue(5);
    }

    /** A server answering /api/v1/users/me with 503 (retry after 1 s) {@code unavailable} times, then the user. */
    private URI serve(int unavailable) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/users/me", exchange -> {
            boolean down = requests.incrementAndGet() <= unavailable;
            byte[] body = (down ? UNAVAILABLE : "{\"id\":42}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(down ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
