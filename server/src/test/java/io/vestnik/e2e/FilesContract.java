package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Attachments in the blob store, over real HTTP: types from the bytes, ranges, ETags, thumbnails, quota. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class FilesContract extends FeaturesBase {
    static final long QUOTA = 200_000;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static void startNode(TestNode.Storage storage) {
        startNode(storage, Map.of());
    }

    static void startNode(TestNode.Storage storage, Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("VESTNIK_ATTACHMENT_QUOTA_BYTES", Long.toString(QUOTA));
        all.put("VESTNIK_MAX_ATTACHMENT_BYTES", Long.toString(QUOTA / 2));
        node = TestNode.start(storage, all);
        http = node.http();
    }

    @Test
    void an_image_is_stored_with_its_digest_and_served_whole_by_range_and_as_a_thumbnail() throws Exception {
        User alice = http.register("alice");
        byte[] png = png(1600, 900);
        JsonNode file = upload(alice, "photo.png", "image/png", png);
        assertThat(file.path("content_type").asText()).isEqualTo("image/png");
        assertThat(file.path("sha256").asText()).isEqualTo(sha256(png));
        String url = file.path("url").asText();

        HttpResponse<byte[]> whole = get(url);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(png);
        assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(whole.headers().firstValue("ETag")).contains("\"" + sha256(png) + "\"");

        HttpResponse<byte[]> part = get(url, "Range", "bytes=10-19");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 10-19/" + png.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(png, 10, 20));
        assertThat(get(url, "Range", "bytes=-5").body()).isEqualTo(Arrays.copyOfRange(png, png.length - 5, png.length));

        HttpResponse<byte[]> past = get(url, "Range", "bytes=" + png.length + "-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */" + png.length);
        assertThat(get(url, "If-None-Match", "\"" + sha256(png) + "\"").statusCode()).isEqualTo(304);

        HttpResponse<byte[]> thumbnail = get(file.path("thumbnail_url").asText());
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Type")).contains("image/png");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(small.getWidth()).isEqualTo(320);
        assertThat(small.getHeight()).isEqualTo(180);
        String tampered = file.path("thumbnail_url").asText().replace("signature=", "signature=x");
        assertThat(get(tampered).statusCode()).isEqualTo(403);
    }

    @Test
    void the_bytes_decide_the_type_and_markup_or_a_mismatch_is_refused() {
        User alice = http.register("alice");
        assertThat(upload(alice, "notes", null, "hello".getBytes(StandardCharsets.UTF_8)).path("content_type").asText())
                .isEqualTo("text/plain");
        assertThat(upload(alice, "blob", "application/octet-stream", new byte[] {0, 1, 2, 3}).path("content_type").asText())
                .isEqualTo("application/octet-stream");
        assertThat(upload(alice, "undeclared.png", null, png(10, 10)).path("thumbnail_url").isTextual()).isTrue();
        assertRefused(alice, "image/png", "not a picture".getBytes(StandardCharsets.UTF_8));
        assertRefused(alice, "text/html", "<p>hi</p>".getBytes(StandardCharsets.UTF_8));
        assertRefused(alice, "text/plain", "  <!DOCTYPE html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        assertRefused(alice, null, "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8));
        assertRefused(alice, "application/octet-stream", new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
    }

    @Test
    void a_users_files_stay_within_the_quota_even_when_uploaded_at_once() {
        User alice = http.register("alice");
        byte[] quarter = text(QUOTA / 4 + 1); // three fit, four do not
        List<CompletableFuture<HttpResponse<byte[]>>> racing = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> raw("POST", "/api/v1/attachments?name=" + i + ".txt", alice.token(), "text/plain", quarter)))
                .toList();
        List<Integer> statuses = racing.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
        assertThat(statuses).as("racing uploads for the last bytes").filteredOn(s -> s == 201).hasSize(3);
        assertThat(statuses).filteredOn(s -> s == 413).hasSize(5);
        HttpResponse<byte[]> over = raw("POST", "/api/v1/attachments?name=c.txt", alice.token(), "text/plain", quarter);
        assertThat(json(over).path("error").asText()).isEqualTo("quota_exceeded");
        User bob = http.register("bob");
        assertThat(raw("POST", "/api/v1/attachments?name=b.txt", bob.token(), "text/plain", quarter).statusCode())
                .as("the quota is each user's").isEqualTo(201);
    }

    private static void assertRefused(User uploader, String type, byte[] bytes) {
        HttpResponse<byte[]> r = raw("POST", "/api/v1/attachments?name=f", uploader.token(), type, bytes);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(415);
        assertThat(json(r).path("error").asText()).isEqualTo("unsupported_media_type");
    }

    static JsonNode upload(User uploader, String name, String contentType, byte[] bytes) {
        HttpResponse<byte[]> r = raw("POST", "/api/v1/attachments?name=" + name, uploader.token(), contentType, bytes);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return json(r);
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) b.headers(headers);
        return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x += 7) image.setRGB(x, x * height / width, 0xFF8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] text(long length) {
        byte[] bytes = new byte[(int) length];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
