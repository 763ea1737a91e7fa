package io.vestnik.client;

import static io.vestnik.client.Refused.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Await;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WebhookSignature} against a real delivery: the genuine one passes; a changed body, signature or a stale time fails. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookSignatureTest {
    @Test
    void a_real_delivery_verifies_and_a_tampered_or_stale_one_does_not() {
        try (TestNode node = TestNode.start(TestNode.Storage.SQLITE, Host.settings(Map.of("VESTNIK_WEBHOOKS_ALLOW_PRIVATE", "true")));
             WebhookReceiver receiver = WebhookReceiver.start()) {
            Host host = new Host(node.baseUrl(), node.http());
            try (ServerApi api = host.serverApi("users", "chats", "messages", "webhooks")) {
                Webhook webhook = api.registerWebhook(receiver.url(), "message.created");
                assertThat(webhook.secret()).startsWith("whsec_");
                assertThat(api.webhooks()).extracting(Webhook::id).contains(webhook.id());
                assertThat(api.webhook(webhook.id())).as("without its secret").isEqualTo(
                        new Webhook(webhook.id(), webhook.url(), webhook.events(), null, webhook.createdAt()));
                Host.BotChat pair = Host.botChat(api);
                api.send(pair.chatId(), pair.bot(), "hello", "Hello, Anna");
                Await.until("a delivery", Duration.ofSeconds(30), () -> !receiver.deliveries().isEmpty());

                WebhookReceiver.Delivery delivery = receiver.deliveries().getFirst();
                byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
                WebhookSignature signature = new WebhookSignature(webhook.secret());
                assertThat(signature.verify(delivery.signature(), body)).isTrue();
                assertThat(signature.verify(delivery.signature(), delivery.body().replace("Hello", "Hullo").getBytes(StandardCharsets.UTF_8))).isFalse();
                assertThat(signature.verify(lastDigitChanged(delivery.signature()), body)).isFalse();
                assertThat(new WebhookSignature("whsec_other").verify(delivery.signature(), body)).isFalse();
                assertThat(signature.verify(delivery.signature(), body, Instant.now().plus(Duration.ofMinutes(6))))
                        .as("outside the five-minute tolerance").isFalse();

                api.deleteWebhook(webhook.id());
                assertThat(api.webhooks()).extracting(Webhook::id).doesNotContain(webhook.id());
                refused(() -> api.webhook(webhook.id()), 404, "not_found");
            }
        }
    }

    private static String lastDigitChanged(String header) {
        char last = header.charAt(header.length() - 1);
        return header.substring(0, header.length() - 1) + (last == '0' ? '1' : '0');
    }
}
