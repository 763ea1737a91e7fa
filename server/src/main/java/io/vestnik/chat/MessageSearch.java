package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Message;
import io.vestnik.protocol.Check;
import io.vestnik.search.Snippets;
import io.vestnik.store.MessageStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Full-text search over the caller's chats: ranked (best match, then newest), with a highlighted
 * snippet per message, filtered and paged. Only chats the caller is a member of at the time of the
 * search are searched, their whole history (as history reads it). Blocking.
 */
public final class MessageSearch {
    static final int MAX_QUERY_CHARS = 200;

    private final ChatService chats;
    private final MessageStore messages;
    private final Attachments attachments;
    private final Reactions reactions;
    private final Snippets snippets;
    private final Clock clock;

    public MessageSearch(ChatService chats, MessageStore messages, Attachments attachments, Reactions reactions,
                         Snippets snippets, Clock clock) {
        this.chats = chats;
        this.messages = messages;
        this.attachments = attachments;
        this.reactions = reactions;
        this.snippets = snippets;
        this.clock = clock;
    }

    /** What a client asks for; {@code chatId}, {@code senderId}, {@code from}, {@code to} and {@code cursor} may be null. */
    public record Request(String query, Long chatId, Long senderId, Instant from, Instant to, String cursor, int limit) {}

    /** A result's snippet: {@code highlights} are ranges of {@code snippet}, the words that matched. */
    public record Hit(long chatId, long seq, String snippet, List<Snippets.Range> highlights) {}

    /** {@code messages} and {@code hits} in the same order, one hit per message. */
    public record Results(List<Message> messages, List<Hit> hits, String nextCursor) {}

    public Results search(Principal caller, Request request) {
        String words = Check.text(request.query(), "q", MAX_QUERY_CHARS);
        if (request.chatId() != null) chats.requireMember(caller, request.chatId());
        SearchCursor at = SearchCursor.decode(request.cursor());
        if (at == null) at = new SearchCursor(0, clock.instant());
        List<Message> found = messages.search(new MessageStore.SearchQuery(caller.userId(), words, request.chatId(),
                request.senderId(), request.from(), until(request.to(), at.asOf()), at.offset(), request.limit() + 1));
        boolean more = found.size() > request.limit();
        List<Message> page = more ? found.subList(0, request.limit()) : found;
        String next = more ? new SearchCursor(at.offset() + page.size(), at.asOf()).encode() : null;
        java.util.Set<Long> blocked = chats.blockedSenders(caller.userId());
        List<Message> shown = blocked.isEmpty() ? page : page.stream().filter(m -> !blocked.contains(m.senderId())).toList();
        return new Results(reactions.attached(shown.stream().map(attachments::signed).toList(), caller.userId()),
                shown.stream().map(m -> hit(m, words)).toList(), next);
    }

    /** Exclusive: messages created after the first page's moment wait for a new search. */
    private static Instant until(Instant to, Instant asOf) {
        Instant afterAsOf = asOf.plusMillis(1);
        return to == null || to.isAfter(afterAsOf) ? afterAsOf : to;
    }

    private Hit hit(Message message, String words) {
        Snippets.Snippet snippet = snippets.of(message.body(), words);
        return new Hit(message.chatId(), message.seq(), snippet.text(), snippet.highlights());
    }
}
