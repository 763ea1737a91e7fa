package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HostJwt;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.TwoNodes;
import io.vestnik.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11: two nodes sharing PostgreSQL (database and broker) number one user's notifications
 * 1..N without a gap however the host's servers spread their sends, and a socket on either node
 * receives every one, in order.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NotificationsAcrossNodesTest {
    static final String ADMIN = "notify-nodes-admin-token-0123456789";
    static final String HOST_SECRET = "notify-nodes-host-secret-0123456789-abcdef";
    static TwoNodes nodes;
    static TestNode first;
    static TestNode second;

    @BeforeAll
    static void start() {
        nodes = TwoNodes.start(Map.of("VESTNIK_ADMIN_TOKEN", ADMIN, "VESTNIK_HOST_JWT_SECRET", HOST_SECRET));
        first = nodes.first();
        second = nodes.second();
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void concurrent_sends_through_two_nodes_number_the_user_s_notifications_without_a_gap() {
        String key = first.http().post("/api/v1/admin/keys", ADMIN, Map.of("name", "shop", "scopes",
                List.of("users", "notifications"))).json().path("key").asText();
        String anna = "anna-across";
        assertThat(first.http().request("PUT", "/api/v1/server/users/" + anna, key, Map.of("display_name", "Anna")).status())
                .isEqualTo(201);
        int sends = 30;
        try (WsClient onFirst = socket(first, anna); WsClient onSecond = socket(second, anna)) {
            onFirst.next("connected");
            onSecond.next("connected");
            List<CompletableFuture<Response>> sent = new ArrayList<>();
            for (int n = 0; n < sends; n++) {
                TestNode via = n % 2 == 0 ? first : second;
                Map<String, Object> body = Map.of("external_id", anna, "kind", "k", "title", "n" + n);
                sent.add(CompletableFuture.supplyAsync(() -> via.http().post("/api/v1/server/notifications", key, body)));
            }
            List<Long> seqs = new ArrayList<>();
            for (CompletableFuture<Response> each : sent) {
                Response response = each.join();
                assertThat(response.status()).as(response.text()).isEqualTo(201);
                seqs.add(response.json().path("notification").path("seq").asLong());
            }
            List<Long> all = LongStream.rangeClosed(1, sends).boxed().toList();
            assertThat(seqs).containsExactlyInAnyOrderElementsOf(all);
            for (WsClient socket : List.of(onFirst, onSecond)) {
                assertThat(socket.take("notification", sends)).extracting(e -> e.path("notification").path("seq").asLong())
                        .containsExactlyElementsOf(all);
            }
        }
    }

    private static WsClient socket(TestNode node, String externalId) {
        return WsClient.open(node.wsUrl(), Map.of("Authorization", "Bearer " + HostJwt.hs256(HOST_SECRET, externalId, null, null)));
    }
}
