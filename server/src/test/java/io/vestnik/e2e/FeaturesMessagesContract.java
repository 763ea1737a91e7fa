package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.WsClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Attachments, pins, replies, forwards and history paging, over real HTTP and WebSocket (search: {@link SearchContract}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class FeaturesMessagesContract extends FeaturesBase {

    @Test
    void an_attachment_sent_in_a_message_reaches_the_other_member_through_a_signed_url_only() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        User carol = http.register("carol");
        long chat = http.directChat(alice, bob);
        byte[] bytes = FilesContract.png(4, 4);
        JsonNode uploaded = upload(alice, "photo.png", "image/png", bytes);
        long id = uploaded.path("id").asLong();
        assertThat(uploaded.path("name").asText()).isEqualTo("photo.png");
        assertThat(uploaded.path("size").asLong()).isEqualTo(bytes.length);
        assertThat(uploaded.path("content_type").asText()).isEqualTo("image/png");
        assertThat(uploaded.path("url").asText()).isNotEmpty();
        try (WsClient bobWs = WsClient.connect(node, bob)) {
            bobWs.next("connected");
            HttpApi.Response sent = sendRaw(alice, chat, Map.of("client_id", "att1", "body", "look", "attachment_ids", List.of(id)));
            assertThat(sent.status()).isEqualTo(201);
            assertSignedAttachment(sent.json().path("message"), id);
            JsonNode delivered = bobWs.next("new_message").path("message");
            assertSignedAttachment(delivered, id);
            assertThat(delivered.path("attachments").get(0).path("name").asText()).isEqualTo("photo.png");
            assertThat(delivered.path("attachments").get(0).path("size").asLong()).isEqualTo(bytes.length);
            assertThat(delivered.path("attachments").get(0).path("content_type").asText()).isEqualTo("image/png");

            HttpResponse<byte[]> content = raw("GET", delivered.path("attachments").get(0).path("url").asText(), bob.token(), null, null);
            assertThat(content.statusCode()).isEqualTo(200);
            assertThat(content.body()).isEqualTo(bytes);
            assertThat(content.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(content.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        assertThat(http.get("/api/v1/attachments/" + id, bob.token()).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/attachments/" + id, carol.token()).status()).isEqualTo(404);

        String url = http.get("/api/v1/attachments/" + id, bob.token()).json().path("url").asText();
        String signature = url.replaceAll(".*[?&]signature=([^&]*).*", "$1");
        long expires = Long.parseLong(url.replaceAll(".*[?&]expires=([0-9]+).*", "$1"));
        String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
        assertThat(raw("GET", url.replace("signature=" + signature, "signature=" + flipped), null, null, null).statusCode()).isEqualTo(403);
        assertThat(raw("GET", url.replace("expires=" + expires, "expires=" + (expires + 3600)), null, null, null).statusCode()).isEqualTo(403);
        assertThat(raw("GET", "/api/v1/attachments/" + id + "/content", bob.token(), null, null).statusCode()).isEqualTo(403);

        HttpApi.Response again = sendRaw(alice, chat, Map.of("client_id", "att2", "body", "again", "attachment_ids", List.of(id)));
        assertThat(again.status()).isEqualTo(400);
    }

    @Test
    void only_the_uploader_may_send_an_attachment_and_a_socket_send_acks_it_signed() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long id = upload(alice, "notes.txt", "text/plain", "hello".getBytes()).path("id").asLong();
        assertThat(sendRaw(bob, chat, Map.of("client_id", "theirs", "attachment_ids", List.of(id))).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/attachments/" + id, bob.token()).status()).isEqualTo(404);
        try (WsClient aliceWs = WsClient.connect(node, alice)) {
            aliceWs.next("connected");
            aliceWs.send(Map.of("type", "send", "chat_id", chat, "client_id", "ws-att", "attachment_ids", List.of(id)));
            assertSignedAttachment(aliceWs.next("ack").path("message"), id);
        }
    }

    @Test
    void pins_are_listed_announced_idempotent_and_removed_with_their_message() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        http.send(alice, chat, "p1", "pin me");
        http.send(alice, chat, "p2", "pin and delete me");
        String pins = "/api/v1/chats/" + chat + "/pins";
        try (WsClient bobWs = WsClient.connect(node, bob)) {
            bobWs.next("connected");
            assertThat(http.post(pins, bob.token(), Map.of("seq", 1)).status()).isEqualTo(201);
            JsonNode pinned = bobWs.next("message_pinned");
            assertThat(pinned.path("chat_id").asLong()).isEqualTo(chat);
            assertThat(pinned.path("seq").asLong()).isEqualTo(1);
            assertThat(pinned.path("pinned").asBoolean()).isTrue();
            assertThat(http.post(pins, alice.token(), Map.of("seq", 1)).status()).isEqualTo(200);
            assertThat(pinnedSeqs(alice, chat)).containsExactly(1L);

            assertThat(http.delete(pins + "/1", alice.token()).status()).isEqualTo(204);
            JsonNode unpinned = bobWs.next("message_pinned");
            assertThat(unpinned.path("seq").asLong()).isEqualTo(1);
            assertThat(unpinned.path("pinned").isBoolean()).isTrue();
            assertThat(unpinned.path("pinned").asBoolean()).isFalse();
            assertThat(http.delete(pins + "/1", alice.token()).status()).isEqualTo(404);
            assertThat(pinnedSeqs(bob, chat)).isEmpty();
        }
        assertThat(http.post(pins, alice.token(), Map.of("seq", 2)).status()).isEqualTo(201);
        assertThat(pinnedSeqs(bob, chat)).containsExactly(2L);
        assertThat(http.delete("/api/v1/chats/" + chat + "/messages/2", alice.token()).status()).isEqualTo(204);
        assertThat(pinnedSeqs(bob, chat)).isEmpty();
    }

    @Test
    void a_reply_keeps_its_reply_to_seq_and_must_name_a_message_of_the_chat() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        http.send(alice, chat, "q", "question?");
        HttpApi.Response reply = sendRaw(bob, chat, Map.of("client_id", "a", "body", "answer", "reply_to_seq", 1));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().path("message").path("reply_to_seq").asLong()).isEqualTo(1);
        assertThat(history(alice, chat, "").get(1).path("reply_to_seq").asLong()).isEqualTo(1);
        assertThat(history(alice, chat, "").get(0).path("reply_to_seq").isNull()).isTrue();
        assertThat(sendRaw(bob, chat, Map.of("client_id", "b", "body", "to nothing", "reply_to_seq", 99)).status()).isEqualTo(400);
        assertThat(history(alice, chat, "")).hasSize(2);
    }

    @Test
    void a_forward_copies_the_original_from_a_chat_of_the_sender_and_only_from_one() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        User carol = http.register("carol");
        long source = http.directChat(alice, bob);
        long target = http.directChat(alice, carol);
        http.send(bob, source, "o", "original words");
        HttpApi.Response forwarded = sendRaw(alice, target, Map.of("client_id", "f1", "forward", Map.of("chat_id", source, "seq", 1)));
        assertThat(forwarded.status()).isEqualTo(201);
        JsonNode message = forwarded.json().path("message");
        assertThat(message.path("body").asText()).isEqualTo("original words");
        assertThat(message.path("forwarded_from").path("chat_id").asLong()).isEqualTo(source);
        assertThat(message.path("forwarded_from").path("seq").asLong()).isEqualTo(1);
        assertThat(history(carol, target, "").getFirst().path("forwarded_from").path("chat_id").asLong()).isEqualTo(source);

        HttpApi.Response stolen = sendRaw(carol, target, Map.of("client_id", "f2", "forward", Map.of("chat_id", source, "seq", 1)));
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(history(carol, target, "")).hasSize(1);
    }

    @Test
    void history_pages_backwards_and_forwards_over_every_message_exactly_once() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        for (int i = 1; i <= 120; i++) http.send(i % 2 == 0 ? alice : bob, chat, "h" + i, "message " + i);
        List<Long> expected = LongStream.rangeClosed(1, 120).boxed().toList();

        List<Long> backwards = new ArrayList<>();
        String query = "?limit=50";
        List<Boolean> more = new ArrayList<>();
        while (true) {
            JsonNode page = http.get("/api/v1/chats/" + chat + "/messages" + query, bob.token()).json();
            List<Long> seqs = seqs(page.path("messages"));
            assertThat(seqs).isSorted();
            backwards.addAll(0, seqs);
            more.add(page.path("has_more").asBoolean());
            if (!page.path("has_more").asBoolean()) break;
            query = "?limit=50&before_seq=" + seqs.getFirst();
        }
        assertThat(more).containsExactly(true, true, false);
        assertThat(backwards).containsExactlyElementsOf(expected);

        List<Long> forwards = new ArrayList<>();
        long after = 0;
        more.clear();
        while (true) {
            JsonNode page = http.get("/api/v1/chats/" + chat + "/messages?limit=50&after_seq=" + after, alice.token()).json();
            List<Long> seqs = seqs(page.path("messages"));
            forwards.addAll(seqs);
            more.add(page.path("has_more").asBoolean());
            if (!page.path("has_more").asBoolean()) break;
            after = seqs.getLast();
        }
        assertThat(more).containsExactly(true, true, false);
        assertThat(forwards).containsExactlyElementsOf(expected);

        JsonNode lastExactly = http.get("/api/v1/chats/" + chat + "/messages?limit=50&after_seq=70", bob.token()).json();
        assertThat(seqs(lastExactly.path("messages"))).containsExactlyElementsOf(LongStream.rangeClosed(71, 120).boxed().toList());
        assertThat(lastExactly.path("has_more").asBoolean()).isFalse();
        JsonNode firstExactly = http.get("/api/v1/chats/" + chat + "/messages?limit=50&before_seq=51", bob.token()).json();
        assertThat(seqs(firstExactly.path("messages"))).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
        assertThat(firstExactly.path("has_more").asBoolean()).isFalse();
    }

    private static JsonNode upload(User uploader, String name, String contentType, byte[] bytes) {
        HttpResponse<byte[]> r = raw("POST", "/api/v1/attachments?name=" + name, uploader.token(), contentType, bytes);
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
        return json(r);
    }

    private static void assertSignedAttachment(JsonNode message, long attachmentId) {
        assertThat(message.path("attachments")).hasSize(1);
        JsonNode attachment = message.path("attachments").get(0);
        assertThat(attachment.path("id").asLong()).isEqualTo(attachmentId);
        assertThat(attachment.path("url").asText()).contains("signature=").contains("expires=");
    }

    private static List<Long> pinnedSeqs(User reader, long chat) {
        HttpApi.Response r = http.get("/api/v1/chats/" + chat + "/pins", reader.token());
        assertThat(r.status()).isEqualTo(200);
        return seqs(r.json().path("messages"));
    }

    private static List<Long> seqs(JsonNode messages) {
        return list(messages).stream().map(m -> m.path("seq").asLong()).toList();
    }
}
