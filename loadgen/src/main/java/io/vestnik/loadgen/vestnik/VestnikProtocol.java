package io.vestnik.loadgen.vestnik;

import io.vestnik.loadgen.Options;
import io.vestnik.loadgen.client.Inbound;
import io.vestnik.loadgen.client.JsonScan;
import io.vestnik.loadgen.client.Protocol;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Vestnik over its WebSocket (CONTRACT.md): one user per connection ({@code u00000}, {@code u00001},
 * ...), one group chat per group, a fresh ticket per connection. A connection is ready on
 * {@code connected}; a send is answered by {@code ack} (stored) or {@code error}; every member gets
 * {@code new_message}. The sender's own copy is not counted as a delivery, so deliveries per send are
 * group size - 1, as with the other peers.
 */
public final class VestnikProtocol implements Protocol {
    // Registration hashes a password (Argon2id): parallel enough to keep the server's cores busy.
    private static final int PARALLEL_SIGN_UPS = 16;

    private Options options;
    private VestnikApi api;
    private VestnikApi.Account[] accounts;
    private long[] chats;

    @Override
    public void prepare(Options options) throws Exception {
        this.options = options;
        this.api = new VestnikApi(options.url());
        this.accounts = signUp(options.connections());
        this.chats = new long[options.groups()];
        for (int g = 0; g < options.groups(); g++) {
            int first = g * options.groupSize();
            List<Long> others = new ArrayList<>();
            for (int i = first + 1; i < first + options.groupSize(); i++) others.add(accounts[i].userId());
            chats[g] = api.group(accounts[first], "loadgen group " + g, others);
        }
    }

    private VestnikApi.Account[] signUp(int count) throws Exception {
        Semaphore parallel = new Semaphore(PARALLEL_SIGN_UPS);
        List<Future<VestnikApi.Account>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String username = String.format("u%05d", i); // usernames take at least 3 characters
                futures.add(threads.submit(() -> {
                    parallel.acquire();
                    try {
                        return api.account(username);
                    } finally {
                        parallel.release();
                    }
                }));
            }
        }
        VestnikApi.Account[] result = new VestnikApi.Account[count];
        for (int i = 0; i < count; i++) result[i] = futures.get(i).get();
        return result;
    }

    @Override
    public URI uri(int index) throws Exception {
        String ticket = URLEncoder.encode(api.ticket(accounts[index]), StandardCharsets.UTF_8);
        URI base = options.url();
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws?ticket=" + ticket);
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
            case "new_message" -> JsonScan.number(text, "sender_id", -1) == accounts[index].userId()
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
