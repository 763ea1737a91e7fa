package io.vestnik.chaos;

import io.vestnik.testing.Endpoint;
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
 * request (node down, database restarting) until one answers ({@link AnyNode}); the last
 * acknowledged change of each (message, emoji) is then what storage must hold. A change that went
 * unanswered before its answer, or never got one, leaves that pair uncertain, and the checks skip
 * it. A refusal (the user is muted, or a moderator removed the message) changes nothing.
 */
final class ChaosReactor {
    static final List<String> EMOJI = List.of("👍", "🎉", "❤️");
    private static final long REACT_EVERY_MS = 1_000;

    /** One reaction of this user. */
    record Key(long chatId, long seq, String emoji) {}

    private final ChaosClient client;
    private final AnyNode nodes;
    /** The highest seq the client has of a chat. */
    private final LongUnaryOperator highestHad;
    private final Random random;
    private final Map<Key, Boolean> acknowledged = new HashMap<>();
    private final Set<Key> uncertain = new HashSet<>();
    private int retries;
    private int refused;
    private volatile boolean reacting = true;
    private Thread loop;

    ChaosReactor(ChaosClient client, List<? extends Endpoint> endpoints, LongUnaryOperator highestHad) {
        this.client = client;
        this.nodes = new AnyNode(endpoints, client.index);
        this.highestHad = highestHad;
        this.random = new Random(1_000 + client.index);
    }

    void start() {
        loop = Thread.ofVirtual().name("chaos-reactor-" + client.index).start(this::run);
    }

    /** Stops after the change under way has its answer (or is given up). */
    void stop() throws InterruptedException {
        reacting = false;
        if (loop != null) loop.join(AnyNode.GIVE_UP_MS + 5_000);
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

    /** Changes answered with a refusal: 403 {@code muted} for an add, 404 for a removed message. */
    synchronized int refused() {
        return refused;
    }

    private void run() {
        while (reacting) {
            AnyNode.pause(REACT_EVERY_MS / 2 + random.nextInt((int) REACT_EVERY_MS));
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
        AnyNode.Result result = nodes.call(present ? "PUT" : "DELETE", path, client.user.token(), null);
        synchronized (this) {
            retries += result.unanswered();
            if (result.succeeded()) {
                acknowledged.put(key, present);
                uncertain.remove(key);
                return;
            }
            if (result.unanswered() > 0) uncertain.add(key);
            if (result.answer() != null) refused++;
        }
    }
}
