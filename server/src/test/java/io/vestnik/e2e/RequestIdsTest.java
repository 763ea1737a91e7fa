package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.TestNode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every HTTP answer carries X-Request-Id: the load balancer's own when it is a trusted proxy and
 * the id is sane, a fresh one otherwise; error bodies repeat it as request_id.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestIdsTest {
    private static final String PROXY = "127.0.0.2";
    private static final String ORIGIN = "https://app.example.com";
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_TRUSTED_PROXIES", PROXY,
                "VESTNIK_ALLOWED_ORIGINS", ORIGIN));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String answeredId(HttpApi http, String offered) {
        return http.request("GET", "/health/live", null, null, Map.of("X-Request-Id", offered))
                .headers().firstValue("X-Request-Id").orElseThrow();
    }

    @Test
    void a_trusted_proxy_s_request_id_is_answered_back() {
        assertThat(answeredId(node.http().from(PROXY), "lb-7f3a9c:1")).isEqualTo("lb-7f3a9c:1");
    }

    @Test
    void an_untrusted_client_s_request_id_is_replaced_by_a_fresh_one() {
        String answered = answeredId(node.http(), "forged-by-client");
        assertThat(answered).isNotEqualTo("forged-by-client").matches("[0-9a-f]{32}");
    }

    @Test
    void a_trusted_proxy_s_id_that_is_too_long_or_holds_odd_characters_is_replaced() {
        HttpApi proxy = node.http().from(PROXY);
        assertThat(answeredId(proxy, "x".repeat(129))).matches("[0-9a-f]{32}");
        assertThat(answeredId(proxy, "two words")).matches("[0-9a-f]{32}");
    }

    @Test
    void every_answer_gets_its_own_id_when_none_is_offered() {
        HttpApi.Response first = node.http().get("/health/live", null);
        HttpApi.Response second = node.http().get("/health/live", null);
        assertThat(first.headers().firstValue("X-Request-Id")).isPresent()
                .isNotEqualTo(second.headers().firstValue("X-Request-Id"));
    }

    @Test
    void an_error_body_carries_the_request_id_of_its_answer() {
        HttpApi.Response unauthorized = node.http().get("/api/v1/users/me", null);
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.json().path("request_id").asText())
                .isEqualTo(unauthorized.headers().firstValue("X-Request-Id").orElseThrow());

        HttpApi.Response notFound = node.http().from(PROXY)
                .request("GET", "/api/v1/no-such-thing", null, null, Map.of("X-Request-Id", "trace-404"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().path("request_id").asText()).isEqualTo("trace-404");
    }

    @Test
    void a_page_on_an_allowed_origin_may_read_the_request_id() {
        HttpApi.Response answer = node.http().request("GET", "/api/v1/users/me", null, null, Map.of("Origin", ORIGIN));
        assertThat(answer.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .containsIgnoringCase("X-Request-Id");
    }
}
