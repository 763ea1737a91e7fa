package io.vestnik.loadgen.vestnik;

import io.vestnik.loadgen.Options;
import io.vestnik.loadgen.client.Inbound;
import io.vestnik.loadgen.client.JsonScan;
import io.vestnik.loadgen.client.Protocol;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Vestnik over its WebSocket (CONTRACT.md), signed in as the host application's users: connection
 * {@code i} is host user {@code loadgen-<first-user + i>} with an HS256 token, sent as
 * {@code Authorization: Bearer} on the upgrade. {@code prepare} provisions every user through
 * {@code GET /users/me} (so connect times do not include first-sight provisioning) and creates one
 * group chat per group. A connection is ready on {@code connected}; a send is answered by {@code ack}
 * (stored) or {@code error}; every member gets {@code new_message}. The sender's own copy is not a
 * delivery, so deliveries per send are group size - 1, as with the other peers.
 */
public final class VestnikProtocol implements Protocol {
    // Provisioning is one small insert per user: enough in parallel to keep the server busy, no more.
    private static final int PARALLEL_PROVISIONS = 32;

    private final HostTokens hostTokens;
    private final int firstUser;
    private Options options;
    private String[] tokens;
    private long[] userIds;
    private long[] chats;

    /** @param firstUser number of this process's first host user, so two processes use different users */
    public VestnikProtocol(String hostJwtSecret, int firstUser) {
        this.hostTokens = new HostTokens(hostJwtSecret, Clock.systemUTC());
        this.firstUser = firstUser;
    }

    @Override
    public void prepare(Options options) throws Exception {
        this.options = options;
        VestnikApi api = new VestnikApi(options.url(0));
        this.tokens = new String[options.connections()];
        for (int i = 0; i < tokens.length; i++) {
            String subject = "loadgen-" + (firstUser + i);
            tokens[i] = hostTokens.sign(subject, subject);
        }
        this.userIds = provision(api);
        this.chats = new long[options.groups()];
        for (int g = 0; g < options.groups(); g++) {
            int first = g * options.groupSize();
            List<Long> others = new ArrayList<>();
            for (int i = first + 1; i < first + options.groupSize(); i++) others.add(userIds[i]);
            chats[g] = api.group(tokens[first], "loadgen group " + g, others);
        }
    }

    private long[] provision(VestnikApi api) throws Exception {
        Semaphore parallel = new Semaphore(Math.min(PARALLEL_PROVISIONS, options.opening()));
        List<Future<Long>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String token : tokens) {
                futures.add(threads.submit(() -> {
                    parallel.acquire();
                    try {
                        return api.me(token);
                    } finally {
                        parallel.release();
                    }
                }));
            }
        }
        long[] ids = new long[tokens.length];
        for (int i = 0; i < ids.length; i++) ids[i] = futures.get(i).get();
        return ids;
    }

    @Override
    public URI uri(int index) {
        URI base = options.url(index);
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws");
    }

    @Override
    public Map<String, String> headers(int index) {
        return Map.of("Authorization", "Bearer " + tokens[index]);
    }

    @Override
    public List<String> opening(int index) {
        return List.of();
    }

    @Override
    public Inbound read(int index, String text, Consumer<String> reply) {
        String type = JsonScan.string(text, "type");
        if (type == null) return Inbound.IGNORED;
        return switch (type) {
            case "new_message" -> JsonScan.number(text, "sender_id", -1) == userIds[index]
                    ? Inbound.IGNORED : new Inbound.Delivery(JsonScan.number(text, "body", 0));
            case "ack" -> new Inbound.Ack(JsonScan.string(text, "client_id"));
            case "error" -> {
                String clientId = JsonScan.string(text, "client_id");
                yield clientId == null ? Inbound.IGNORED : new Inbound.Refused(clientId);
            }
            case "connected" -> Inbound.READY;
            default -> Inbound.IGNORED;
        };
    }

    @Override
    public String send(int index, String clientId, long sentAtNanos) {
        return "{\"type\":\"send\",\"chat_id\":" + chats[options.groupOf(index)] + ",\"client_id\":\"" + clientId
                + "\",\"body\":\"" + sentAtNanos + "\"}";
    }
}
