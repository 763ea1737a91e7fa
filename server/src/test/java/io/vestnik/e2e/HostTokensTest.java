package io.vestnik.e2e;

import static io.vestnik.testing.HostJwt.claims;
import static io.vestnik.testing.HostJwt.hs256;
import static io.vestnik.testing.HostJwt.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tokens minted by the host application (HS256 secret, RS256 via JWKS) work like Vestnik's own. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostTokensTest {
    private static final String SECRET = "host-shared-secret-0123456789-abcdefgh";
    private static final String ISSUER = "https://shop.example";
    static TestNode hmacNode;
    static TestNode issuerNode;
    static TestNode jwksNode;
    static HttpServer jwks;
    static RSAKey signingKey;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("host-key-1").generate();
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = new JWKSet(signingKey.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        hmacNode = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_HOST_JWT_SECRET", SECRET));
        issuerNode = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_HOST_JWT_SECRET", SECRET,
                "VESTNIK_HOST_JWT_ISSUER", ISSUER));
        jwksNode = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_HOST_JWKS_URL",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"));
    }

    @AfterAll
    static void stop() {
        hmacNode.close();
        issuerNode.close();
        jwksNode.close();
        jwks.stop(0);
    }

    @Test
    void an_hs256_host_token_is_accepted_over_http_and_provisions_the_user() throws Exception {
        Response me = me(hmacNode, hs256(SECRET, "shop-42", "Anna", null));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("id").asLong()).isPositive();
        assertThat(me.json().path("display_name").asText()).isEqualTo("Anna");
    }

    @Test
    void the_same_subject_always_maps_to_the_same_vestnik_id() throws Exception {
        long first = me(hmacNode, hs256(SECRET, "shop-42", "Anna", null)).json().path("id").asLong();
        long again = me(hmacNode, hs256(SECRET, "shop-42", "Anna", null)).json().path("id").asLong();
        long other = me(hmacNode, hs256(SECRET, "shop-43", "Boris", null)).json().path("id").asLong();
        assertThat(first).isPositive();
        assertThat(again).isEqualTo(first);
        assertThat(other).isPositive().isNotEqualTo(first);
    }

    @Test
    void a_host_token_gets_a_ws_ticket_and_connects() throws Exception {
        String token = hs256(SECRET, "shop-ws-" + UUID.randomUUID(), "Vera", null);
        long id = me(hmacNode, token).json().path("id").asLong();
        Response ticket = hmacNode.http().post("/api/v1/ws-ticket", token, null);
        assertThat(ticket.status()).isEqualTo(200);
        try (WsClient ws = WsClient.open(hmacNode.wsUrl() + "?ticket=" + ticket.json().path("ticket").asText(), Map.of())) {
            assertThat(ws.next("connected").path("user_id").asLong()).isEqualTo(id);
            ws.send(Map.of("type", "ping"));
            ws.next("pong");
        }
        try (WsClient ws = WsClient.open(hmacNode.wsUrl(), Map.of("Authorization", "Bearer " + token))) {
            assertThat(ws.next("connected").path("user_id").asLong()).as("bearer upgrade").isEqualTo(id);
        }
    }

    @Test
    void a_host_token_with_a_wrong_signature_is_refused_with_401() throws Exception {
        Response r = me(hmacNode, hs256("another-secret-of-enough-length-0123456789", "shop-42", "Anna", null));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error()).isNotBlank();
        assertThat(hmacNode.http().post("/api/v1/ws-ticket",
                hs256("another-secret-of-enough-length-0123456789", "shop-42", "Anna", null), null).status()).isEqualTo(401);
    }

    @Test
    void an_expired_host_token_is_refused_with_401() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("shop-42")
                .expirationTime(Date.from(Instant.now().minusSeconds(600))).build();
        assertThat(me(hmacNode, sign(JWSAlgorithm.HS256, new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), null, claims))
                .status()).isEqualTo(401);
    }

    @Test
    void with_an_issuer_configured_only_that_issuer_is_accepted() throws Exception {
        assertThat(me(issuerNode, hs256(SECRET, "shop-42", "Anna", ISSUER)).status()).isEqualTo(200);
        Response wrong = me(issuerNode, hs256(SECRET, "shop-42", "Anna", "https://evil.example"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(me(issuerNode, hs256(SECRET, "shop-42", "Anna", null)).status()).as("no iss").isEqualTo(401);
    }

    @Test
    void an_rs256_token_signed_by_a_key_from_the_jwks_url_is_accepted() throws Exception {
        JWTClaimsSet claims = claims("shop-rsa-1", "Galina", null);
        Response me = me(jwksNode, sign(JWSAlgorithm.RS256, new RSASSASigner(signingKey), signingKey.getKeyID(), claims));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("display_name").asText()).isEqualTo("Galina");
        long id = me.json().path("id").asLong();
        Response again = me(jwksNode, sign(JWSAlgorithm.RS256, new RSASSASigner(signingKey), signingKey.getKeyID(), claims));
        assertThat(again.json().path("id").asLong()).isEqualTo(id);
    }

    @Test
    void an_rs256_token_signed_by_an_unpublished_key_is_refused_with_401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("host-key-1").generate();
        Response r = me(jwksNode, sign(JWSAlgorithm.RS256, new RSASSASigner(stranger), stranger.getKeyID(),
                claims("shop-rsa-2", "Mallory", null)));
        assertThat(r.status()).isEqualTo(401);
        assertThat(me(jwksNode, hs256(SECRET, "shop-rsa-2", "Mallory", null)).status())
                .as("HS256 is refused where only JWKS is configured").isEqualTo(401);
    }

    @Test
    void a_host_token_without_a_name_takes_its_subject_as_display_name() throws Exception {
        String subject = "shop-nameless-" + UUID.randomUUID();
        Response me = me(hmacNode, hs256(SECRET, subject, null, null));
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.json().path("display_name").asText()).isEqualTo(subject);
    }

    @Test
    void a_blank_or_numeric_name_falls_back_to_the_subject_too() throws Exception {
        String blank = "shop-blank-" + UUID.randomUUID();
        Response first = me(hmacNode, withName(blank, "   "));
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().path("display_name").asText()).isEqualTo(blank);
        String numeric = "shop-numeric-" + UUID.randomUUID();
        Response second = me(hmacNode, withName(numeric, 42));
        assertThat(second.status()).as(second.text()).isEqualTo(200);
        assertThat(second.json().path("display_name").asText()).isEqualTo(numeric);
    }

    @Test
    void a_subject_used_as_display_name_is_trimmed_and_cut_to_the_display_name_limit() throws Exception {
        String subject = "  " + "s".repeat(150) + UUID.randomUUID() + " ";
        Response me = me(hmacNode, hs256(SECRET, subject, null, null));
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.json().path("display_name").asText()).isEqualTo("s".repeat(100));
    }

    @Test
    void logging_out_with_a_host_token_answers_400_saying_the_host_revokes_it() throws Exception {
        String token = hs256(SECRET, "shop-logout-" + UUID.randomUUID(), "Lev", null);
        Response logout = hmacNode.http().post("/api/v1/auth/logout", token, null);
        assertThat(logout.status()).as(logout.text()).isEqualTo(400);
        assertThat(logout.error()).isEqualTo("invalid_request");
        assertThat(logout.json().path("message").asText()).contains("host application");
    }

    private static String withName(String subject, Object name) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("name", name)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
        return sign(JWSAlgorithm.HS256, new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), null, claims);
    }

    private static Response me(TestNode node, String token) {
        return node.http().get("/api/v1/users/me", token);
    }
}
