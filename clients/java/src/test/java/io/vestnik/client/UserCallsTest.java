package io.vestnik.client;

import static io.vestnik.client.Host.unique;
import static io.vestnik.client.Refused.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user's everyday calls on {@link LiveConnection}: files, replies, forwards, edit, delete, pin, history; their effects seen by the other member. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserCallsTest {
    @RegisterExtension
    static final HostNode node = new HostNode("users", "chats", "messages");

    @Test
    void an_edit_reaches_every_members_listener_once_as_on_message_updated_and_only_the_sender_may_edit() {
        Host.People people = Host.people(node.api());
        Recorder annaSees = new Recorder();
        Recorder borisSees = new Recorder();
        try (LiveConnection anna = node.host().connect(people.anna(), annaSees);
             LiveConnection boris = node.host().connect(people.boris(), borisSees)) {
            Message sent = done(anna.send(people.chatId(), "see you at 6"));
            Message edited = done(anna.edit(people.chatId(), sent.seq(), "see you at 7"));
            assertThat(edited.body()).isEqualTo("see you at 7");
            assertThat(edited.editedAt()).isNotNull();

            Await.until("the edit at Boris's", Duration.ofSeconds(10), () -> borisSees.updates().size() == 1);
            assertThat(borisSees.updates().getFirst().body()).isEqualTo("see you at 7");
            done(anna.pin(people.chatId(), sent.seq()));
            Await.until("the pin after the edit at Anna's", Duration.ofSeconds(10), () -> annaSees.events("message_pinned").size() == 1);
            assertThat(annaSees.updates()).as("the sender's own listener, once, from the stream").extracting(Message::body)
                    .containsExactly("see you at 7");

            refused(() -> done(boris.edit(people.chatId(), sent.seq(), "hijacked")), 403, "forbidden");
            refused(() -> done(anna.edit(people.chatId(), sent.seq() + 100, "nothing there")), 404, "not_found");
        }
    }

    @Test
    void a_deletion_reaches_the_other_member_as_message_deleted_and_leaves_a_tombstone_in_history() {
        Host.People people = Host.people(node.api());
        Recorder borisSees = new Recorder();
        try (LiveConnection anna = node.host().connect(people.anna(), new Recorder());
             LiveConnection boris = node.host().connect(people.boris(), borisSees)) {
            Message sent = done(anna.send(people.chatId(), "wrong chat, sorry"));
            done(anna.delete(people.chatId(), sent.seq()));
            Await.until("the deletion at Boris's", Duration.ofSeconds(10), () -> borisSees.events("message_deleted").size() == 1);
            assertThat(borisSees.events("message_deleted").getFirst().path("seq").asLong()).isEqualTo(sent.seq());
            Message tombstone = done(boris.history(people.chatId(), 10)).messages().getFirst();
            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.body()).isEmpty();
            refused(() -> done(anna.delete(people.chatId(), sent.seq())), 404, "not_found");
        }
    }

    @Test
    void a_pin_and_an_unpin_reach_the_other_member_as_message_pinned() {
        Host.People people = Host.people(node.api());
        Recorder annaSees = new Recorder();
        try (LiveConnection anna = node.host().connect(people.anna(), annaSees);
             LiveConnection boris = node.host().connect(people.boris(), new Recorder())) {
            Message sent = done(anna.send(people.chatId(), "the address: 5 Main St"));
            done(boris.pin(people.chatId(), sent.seq()));
            done(boris.pin(people.chatId(), sent.seq()));
            done(boris.unpin(people.chatId(), sent.seq()));
            Await.until("pinned, then unpinned", Duration.ofSeconds(10), () -> annaSees.events("message_pinned").size() == 2);
            assertThat(annaSees.events("message_pinned")).extracting((JsonNode e) -> e.path("pinned").asBoolean()).containsExactly(true, false);
            refused(() -> done(boris.unpin(people.chatId(), sent.seq())), 404, "not_found");
        }
    }

    @Test
    void a_file_sent_as_a_reply_reaches_the_other_member_with_both_and_a_file_goes_out_once() {
        Host.People people = Host.people(node.api());
        Recorder borisSees = new Recorder();
        byte[] list = "milk, bread".getBytes(StandardCharsets.UTF_8);
        try (LiveConnection anna = node.host().connect(people.anna(), new Recorder());
             LiveConnection boris = node.host().connect(people.boris(), borisSees)) {
            Message question = done(boris.send(people.chatId(), "what do we need?"));
            Attachment file = done(anna.upload("list.txt", null, list));
            assertThat(file.contentType()).as("decided from the bytes").isEqualTo("text/plain");
            assertThat(file.size()).isEqualTo(list.length);

            Message answer = done(anna.send(people.chatId(), Draft.files("this", List.of(file.id())).replyingTo(question.seq())));
            borisSees.awaitMessages(people.chatId(), 2, Duration.ofSeconds(10));
            Message seen = borisSees.messages(people.chatId()).getLast();
            assertThat(seen.seq()).isEqualTo(answer.seq());
            assertThat(seen.body()).isEqualTo("this");
            assertThat(seen.replyToSeq()).isEqualTo(question.seq());
            assertThat(seen.attachments()).extracting(Attachment::id, Attachment::name).containsExactly(tuple(file.id(), "list.txt"));

            refused(() -> done(anna.send(people.chatId(), Draft.files(null, List.of(file.id())))), 0, "invalid_request");
            refused(() -> done(anna.upload("page.html", null, "<html><script>x</script></html>".getBytes(StandardCharsets.UTF_8))),
                    415, "unsupported_media_type");
        }
    }

    @Test
    void a_forward_copies_the_message_into_another_chat_naming_where_it_came_from() {
        Host.People people = Host.people(node.api());
        String carl = unique("carl");
        node.api().putUser(carl, UserProfile.person("Carl"));
        long annaAndCarl = node.api().openChat(NewChat.direct(people.anna(), carl)).id();
        Recorder carlSees = new Recorder();
        try (LiveConnection anna = node.host().connect(people.anna(), new Recorder());
             LiveConnection carlLive = node.host().connect(carl, carlSees)) {
            Message original = done(anna.send(people.chatId(), "the meeting moved to 7"));
            MessageRef source = new MessageRef(people.chatId(), original.seq());
            Message copy = done(anna.send(annaAndCarl, Draft.forwardOf(source)));
            assertThat(copy.forwardedFrom()).isEqualTo(source);

            carlSees.awaitMessages(annaAndCarl, 1, Duration.ofSeconds(10));
            Message seen = carlSees.messages(annaAndCarl).getFirst();
            assertThat(seen.body()).isEqualTo("the meeting moved to 7");
            assertThat(seen.forwardedFrom()).isEqualTo(source);
            refused(() -> done(carlLive.send(annaAndCarl, Draft.forwardOf(source))), 0, "not_found");
        }
    }

    @Test
    void history_pages_backwards_in_seq_order_without_overlap_until_it_has_no_more() {
        Host.People people = Host.people(node.api());
        for (int i = 1; i <= 25; i++) node.api().send(people.chatId(), i % 2 == 0 ? people.anna() : people.boris(), "h-" + i, "message " + i);
        try (LiveConnection anna = node.host().connect(people.anna(), new Recorder())) {
            assertThat(pagesBackwards(anna, people.chatId())).containsExactly(seqs(16, 25), seqs(6, 15), seqs(1, 5));
        }
    }

    @Test
    void a_page_of_only_blocked_senders_messages_shows_none_and_paging_goes_on_past_it() {
        Host.People people = Host.people(node.api());
        for (int i = 1; i <= 5; i++) node.api().send(people.chatId(), people.anna(), "mine-" + i, "anna " + i);
        for (int i = 1; i <= 10; i++) node.api().send(people.chatId(), people.boris(), "his-" + i, "boris " + i);
        userCall(people.anna(), "POST", "/api/v1/blocks", Map.of("user_id", node.api().user(people.boris()).id()));
        try (LiveConnection anna = node.host().connect(people.anna(), new Recorder())) {
            HistoryPage newest = done(anna.history(people.chatId(), 10));
            assertThat(newest.messages()).as("Boris's ten, hidden").isEmpty();
            assertThat(newest.hiddenSeqs()).isEqualTo(seqs(6, 15));
            assertThat(newest.hasMore()).isTrue();
            assertThat(pagesBackwards(anna, people.chatId())).containsExactly(List.of(), seqs(1, 5));
        }
    }

    @Test
    void someone_elses_chat_is_a_typed_404_and_a_closed_connection_refuses_with_closed() {
        Host.People people = Host.people(node.api());
        String stranger = unique("stranger");
        node.api().putUser(stranger, UserProfile.person("Stranger"));
        try (LiveConnection outsider = node.host().connect(stranger, new Recorder())) {
            refused(() -> done(outsider.history(people.chatId(), 10)), 404, "not_found");
            refused(() -> done(outsider.pin(people.chatId(), 1)), 404, "not_found");
            outsider.close();
            refused(() -> done(outsider.history(people.chatId(), 10)), 0, "closed");
        }
    }

    /** The seqs shown on each page, newest page first, paging on while the server has more. */
    private static List<List<Long>> pagesBackwards(LiveConnection user, long chatId) {
        List<List<Long>> pages = new ArrayList<>();
        HistoryPage page = done(user.history(chatId, 10));
        pages.add(page.messages().stream().map(Message::seq).toList());
        while (page.hasMore()) {
            page = done(user.history(chatId, page.lowestSeq(), 10));
            pages.add(page.messages().stream().map(Message::seq).toList());
        }
        return pages;
    }

    private static void userCall(String externalId, String method, String path, Object body) {
        new Http(HttpClient.newHttpClient(), URI.create(node.host().baseUrl()), node.host().tokens(externalId)::token).call(method, path, body);
    }

    private static <T> T done(CompletableFuture<T> call) {
        return call.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
