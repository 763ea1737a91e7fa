package io.vestnik.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks Redis how many connections (one pub/sub connection per node and Redis node) are subscribed
 * to each channel: the direct evidence of which nodes still receive a chat's events after a fault.
 */
final class RedisProbe {
    private RedisProbe() {}

    /**
     * PUBSUB NUMSUB (classic channels) or SHARDNUMSUB (sharded channels, asked of the master that
     * owns them) over a plain socket (RESP), so the test needs no Redis client of its own.
     */
    static Map<String, Long> subscribers(int port, String numsub, List<String> channels) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUBSUB " + numsub + " " + String.join(" ", channels) + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int items = Integer.parseInt(in.readLine().substring(1)); // *<2 × channels>
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 0; i < items / 2; i++) {
                in.readLine(); // $<length>
                String channel = in.readLine();
                counts.put(channel, Long.parseLong(in.readLine().substring(1))); // :<count>
            }
            return counts;
        } catch (IOException | RuntimeException e) {
            return Map.of("(redis probe failed: " + e + ")", -1L);
        }
    }
}
