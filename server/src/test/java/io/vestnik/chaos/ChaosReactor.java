package io.vestnik.chaos;

import io.vestnik.testing.Endpoint;
import io.vestnik.testing.HttpApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * Reactions in the chaos mix: beside its {@link ChaosClient}, each user toggles one of a few
 * emoji on a random message it has, over HTTP, about once a second, through whichever node
 * answers. Adding and removing are idempotent, so like a real client it repeats an answerless
 * request (node down, database restarting) until one answers 200; the last acknowledged change
 * of each (message, emoji) is then what storage must hold. A change that never got an answer
 * leaves that pair uncertain, and the checks skip it.
 */
final class ChaosReactor {
    static final List<String> EMOJI = List.of("👍", "🎉", "❤️");
    private static final long REACT_EVERY_MS = 1_000;
    private static final long GIVE_UP_MS = 20_000;

    /** One reaction of this user. */
    record Key(long chatId, long seq, String emoji) {}

    private final ChaosClient client;
    private final List<? extends Endpoint> endpoints;
    /** The highest seq the client has of a chat. */
    private final LongUnaryOperator highestHad;
    private final Random random;
    private final Map<Key, Boolean> acknowledged = new HashMap<>();
    private final Set<Key> uncertain = new HashSet<>();
    private int retries;
    private volatile boolean reacting = true;
    private Thread loop;

    ChaosReactor(ChaosClient client, List<? extends Endpoint> endpoints, LongUnaryOperator highestHad) {
        this.client = client;
        this.endpoints = endpoints;
        this.highestHad = highestHad;
        this.random = new Random(1_000 + client.index);
    }

    void start() {
        loop = Thread.ofVirtual().name("chaos-reactor-" + client.index).start(this::run);
    }

    /** Stops after the change under way has its answer (or is given up). */
    void stop() throws InterruptedException {
        reacting = false;
        if (loop != null) loop.join(GIVE_UP_MS + 5_000);
    }

    /** Each reaction's last acknowledged state: true = present. Read after {@link #stop}. */
    synchronized Map<Key, Boolean> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    synchronized Set<Key> uncertain() {
        return Set.copyOf(uncertain);
    }

    synchronized int retries() {
        return retries;
    }

    private void run() {
        while (reacting) {
            pause(REACT_EVERY_MS / 2 + random.nextInt((int) REACT_EVERY_MS));
            long chat = client.chats.get(random.nextInt(client.chats.size()));
            long highest = highestHad.applyAsLong(chat);
            if (highest == 0) continue;
            Key key = new Key(chat, 1 + random.nextLong(highest), EMOJI.get(random.nextInt(EMOJI.size())));
            boolean present;
            synchronized (this) {
                present = !acknowledged.getOrDefault(key, false);
            }
            change(key, present);
        }
    }

    private void change(Key key, boolean present) {
        String path = "/api/v1/chats/" + key.chatId() + "/messages/" + key.seq() + "/reactions/"
                + URLEncoder.encode(key.emoji(), StandardCharsets.UTF_8);
        long deadline = System.currentTimeMillis() + GIVE_UP_MS;
        for (int attempt = 0; System.currentTimeMillis() < deadline; attempt++) {
            HttpApi http = endpoints.get((client.index + attempt) % endpoints.size()).http();
            if (answered(http, present ? "PUT" : "DELETE", path)) {
                synchronized (this) {
                    acknowledged.put(key, present);
                    uncertain.remove(key);
                }
                return;
            }
            synchronized (this) {
                retries++;
                uncertain.add(key);
            }
            pause(Math.min(1_000, 100L << Math.min(attempt, 4)));
        }
    }

    private boolean answered(HttpApi http, String method, String path) {
        try {
            return http.request(method, path, client.user.token(), null).status() == 200;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
