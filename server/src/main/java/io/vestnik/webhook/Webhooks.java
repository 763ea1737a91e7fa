package io.vestnik.webhook;

import io.vestnik.domain.EventType;
import io.vestnik.domain.Webhook;
import io.vestnik.domain.WebhookEvent;
import io.vestnik.protocol.Problem;
import io.vestnik.store.WebhookQueue;
import io.vestnik.store.WebhookStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Webhook endpoints for the server API, and the dead-letter list for the admin API. Blocking: call
 * off the event loop. An endpoint receives every event of the types it takes whose change began
 * after {@link #create} returned (see {@link WebhookStore}).
 */
public final class Webhooks {
    private static final int SECRET_BYTES = 32;
    private static final int DEAD_LETTERS_SHOWN = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookStore store;
    private final WebhookQueue queue;
    private final Destinations destinations;
    private final Clock clock;

    public Webhooks(WebhookStore store, WebhookQueue queue, boolean allowPrivate, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.destinations = new Destinations(allowPrivate);
        this.clock = clock;
    }

    /** {@code POST /api/v1/server/webhooks}. */
    public record NewWebhook(String url, List<String> events) {}

    /** The answer to a creation: the only time the secret is shown. */
    public record Created(long id, String url, Set<EventType> events, String secret, Instant createdAt) {}

    /** @throws Problem invalid for a refused URL, no events or an unknown event type */
    public Created create(NewWebhook request) {
        String url = request.url() == null ? "" : request.url().trim();
        destinations.refusal(url).ifPresent(why -> {
            throw Problem.invalid("The webhook url " + why + ".");
        });
        String secret = "whsec_" + HexFormat.of().formatHex(randomBytes());
        Webhook webhook = store.create(url, events(request.events()), secret, clock.instant());
        return new Created(webhook.id(), webhook.url(), webhook.events(), secret, webhook.createdAt());
    }

    private static Set<EventType> events(List<String> names) {
        if (names == null || names.isEmpty()) throw Problem.invalid("events must name at least one event type.");
        Set<EventType> events = EnumSet.noneOf(EventType.class);
        for (String name : names) {
            events.add(EventType.parse(name).orElseThrow(() -> Problem.invalid("Unknown event type '" + name + "'.")));
        }
        return events;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public List<Webhook> list() {
        return store.list();
    }

    public Webhook get(long id) {
        return store.find(id).orElseThrow(() -> Problem.notFound("Webhook"));
    }

    /** Deletes the endpoint and every event still waiting for it. */
    public void delete(long id) {
        if (!store.delete(id)) throw Problem.notFound("Webhook");
    }

    public List<WebhookEvent> deadLetters() {
        return queue.deadLetters(DEAD_LETTERS_SHOWN);
    }

    /** Puts a dead-lettered event back in line, due now, with a fresh retry period. */
    public WebhookEvent replay(String eventId) {
        return queue.replay(eventId, clock.instant()).orElseThrow(() -> Problem.notFound("Dead-lettered event"));
    }
}
