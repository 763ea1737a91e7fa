package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.NodeProcess;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming promise: a 50 MB file goes up and comes down through a node whose whole heap is
 * 128 MB, byte for byte (SHA-256 compared), and the node is still healthy after.
 */
@Timeout(180)
class LargeFileTest {
    private static final long SIZE = 50L * 1024 * 1024;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void a_50_mb_file_goes_up_and_down_through_a_node_with_a_128_mb_heap() throws Exception {
        Map<String, String> env = Map.of("VESTNIK_DATA_DIR", dir.resolve("data").toString(),
                "VESTNIK_MAX_ATTACHMENT_BYTES", Long.toString(SIZE + 1024 * 1024),
                "VESTNIK_UPLOAD_MEMORY_BUDGET", Long.toString(2 * SIZE));
        try (NodeProcess node = NodeProcess.start("large", Cluster.freePort(), env, List.of("-Xmx128m"))) {
            HttpApi.User alice = node.http().register("alice");
            HttpResponse<String> uploaded = CLIENT.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/attachments?name=big.bin"))
                    .header("Authorization", "Bearer " + alice.token())
                    .header("Content-Type", "application/octet-stream")
                    .timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(LargeFileTest::content), SIZE))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
            JsonNode file = HttpApi.JSON.readTree(uploaded.body());
            String expected = sha256(content());
            assertThat(file.path("size").asLong()).isEqualTo(SIZE);
            assertThat(file.path("sha256").asText()).as("the server's digest").isEqualTo(expected);

            HttpResponse<InputStream> download = CLIENT.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + file.path("url").asText()))
                    .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(sha256(download.body())).as("the downloaded bytes' digest").isEqualTo(expected);
            assertThat(node.ready()).isTrue();
            assertThat(node.logTail()).doesNotContain("OutOfMemoryError");

            thumbnailsCannotTakeTheHeap(node, alice);
        }
    }

    /**
     * A 16,000 × 16,000 grey PNG is 256 MB decoded, twice this node's heap, and a quarter of a
     * megabyte as a file: its thumbnail is made by subsampling, never by decoding it whole. An image
     * over 20,000 px a side is not decoded at all.
     */
    private static void thumbnailsCannotTakeTheHeap(NodeProcess node, HttpApi.User alice) throws Exception {
        JsonNode bomb = upload(node, alice, "bomb.png", BombPng.grey(16_000, 16_000));
        HttpResponse<byte[]> thumbnail = CLIENT.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + bomb.path("thumbnail_url").asText()))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(thumbnail.statusCode()).as(new String(thumbnail.body())).isEqualTo(200);
        java.awt.image.BufferedImage small = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumbnail.body()));
        assertThat(small.getWidth()).isEqualTo(320);
        assertThat(small.getHeight()).isEqualTo(320);

        JsonNode wide = upload(node, alice, "wide.png", BombPng.grey(20_001, 1));
        HttpResponse<byte[]> none = CLIENT.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + wide.path("thumbnail_url").asText()))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(none.statusCode()).as("over 20,000 px a side is never decoded").isEqualTo(404);
        assertThat(node.ready()).isTrue();
        assertThat(node.logTail()).doesNotContain("OutOfMemoryError");
    }

    private static JsonNode upload(NodeProcess node, HttpApi.User uploader, String name, byte[] png) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/attachments?name=" + name))
                .header("Authorization", "Bearer " + uploader.token()).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return HttpApi.JSON.readTree(r.body());
    }

    /** 50 MB of reproducible noise, each byte a function of its position, however the reader chunks it. */
    private static InputStream content() {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position == SIZE) return -1;
                int n = (int) Math.min(len, SIZE - position);
                for (int i = 0; i < n; i++, position++) b[off + i] = (byte) ((position * 0x9E3779B97F4A7C15L) >>> 56);
                return n;
            }
        };
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
