package io.vestnik.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.WebhookReceiver.Delivery;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What a host's receiver does with deliveries: verify, de-duplicate by id, group by chat. */
final class WebhookChecks {
    private WebhookChecks() {}

    /** The receiver's check, line for line as docs/integration.md gives it. */
    static boolean verify(String secret, String header, String body) throws Exception {
        Map<String, String> parts = new HashMap<>();
        for (String part : header.split(",")) parts.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
        long t = Long.parseLong(parts.get("t"));
        if (Math.abs(Instant.now().getEpochSecond() - t) > 300) return false; // refuse replays older than 5 minutes
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(UTF_8)));
        return MessageDigest.isEqual(expected.getBytes(UTF_8), parts.get("v1").getBytes(UTF_8));
    }

    static JsonNode json(String body) {
        try {
            return HttpApi.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The first acknowledged delivery of each event, in the order they arrived. */
    static List<JsonNode> firstAcknowledged(List<Delivery> deliveries) {
        Map<String, JsonNode> first = new LinkedHashMap<>();
        for (Delivery d : deliveries) if (d.acknowledged()) first.putIfAbsent(d.eventId(), json(d.body()));
        return new ArrayList<>(first.values());
    }

    /** Every delivery of one event carries the same body; each is validly signed and names its id. */
    static void assertSignedAndStable(List<Delivery> deliveries, String secret) throws Exception {
        Map<String, String> bodies = new HashMap<>();
        for (Delivery d : deliveries) {
            assertThat(verify(secret, d.signature(), d.body())).as("signature of %s", d.eventId()).isTrue();
            assertThat(json(d.body()).path("id").asText()).isEqualTo(d.eventId());
            assertThat(bodies.putIfAbsent(d.eventId(), d.body())).as("body of %s on a retry", d.eventId())
                    .isIn(null, d.body());
        }
    }

    /** The acknowledged events of one chat, as "type seq" (seq 0 when the event has no message). */
    static List<String> ofChat(List<JsonNode> events, long chatId) {
        return events.stream().filter(e -> e.path("data").path("chat_id").asLong() == chatId)
                .map(e -> e.path("type").asText() + " " + e.path("data").path("message").path("seq").asLong())
                .toList();
    }
}
