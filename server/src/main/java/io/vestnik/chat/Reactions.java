package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Message;
import io.vestnik.domain.Reaction;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.MessageStore;
import io.vestnik.store.ReactionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emoji reactions (decision 0025): a member adds or removes one of theirs on a live message, and
 * every message payload carries the counts. A change is stored, then published to the chat's
 * members as one shared {@code reaction} frame; a repeat changes nothing and publishes nothing.
 * Muted or blocked members cannot react. Blocking (call off the event loop).
 */
public final class Reactions {
    public static final int MAX_EMOJI_PER_MESSAGE = 20;

    private final ChatService chats;
    private final ReactionStore store;
    private final Clock clock;

    public Reactions(ChatService chats, ReactionStore store, Clock clock) {
        this.chats = chats;
        this.store = store;
        this.clock = clock;
    }

    /** Adds the caller's {@code emoji}; answers the message's reactions as the caller sees them. */
    public List<Reaction> add(Principal caller, long chatId, long seq, String emoji) {
        String checked = Emoji.check(emoji);
        chats.requireMember(caller, chatId);
        try {
            return answered(caller, seq,
                    store.add(chatId, seq, caller.userId(), checked, MAX_EMOJI_PER_MESSAGE, clock.instant()));
        } catch (MessageStore.Refused refused) {
            throw MessageService.refusal(refused);
        }
    }

    /** Removes the caller's {@code emoji}; answers the message's reactions as the caller sees them. */
    public List<Reaction> remove(Principal caller, long chatId, long seq, String emoji) {
        String checked = Emoji.check(emoji);
        chats.requireMember(caller, chatId);
        return answered(caller, seq, store.remove(chatId, seq, caller.userId(), checked, clock.instant()));
    }

    private List<Reaction> answered(Principal caller, long seq, ReactionStore.Change change) {
        switch (change.outcome()) {
            case NO_SUCH_MESSAGE -> throw Problem.notFound("Message");
            case TOO_MANY_EMOJI -> throw Problem.of(ErrorCode.CONFLICT,
                    "Message " + seq + " already has " + MAX_EMOJI_PER_MESSAGE + " different emoji; react with one of them.");
            case CHANGED, UNCHANGED -> { } // a change's reaction event comes from the chat's change log (Changes)
        }
        return change.tallies().stream().map(r -> r.seenBy(caller.userId())).toList();
    }

    /**
     * The messages with their reactions as every member shares them (no {@code mine}: see
     * {@link Message#seenBy}). One storage read per chat among them.
     */
    public List<Message> attached(List<Message> messages) {
        Map<Long, List<Message>> byChat = new LinkedHashMap<>();
        for (Message m : messages) byChat.computeIfAbsent(m.chatId(), c -> new ArrayList<>()).add(m);
        Map<Long, Map<Long, List<Reaction>>> tallies = new LinkedHashMap<>();
        byChat.forEach((chatId, inChat) -> tallies.put(chatId, store.tallies(chatId,
                inChat.stream().mapToLong(Message::seq).min().orElseThrow(),
                inChat.stream().mapToLong(Message::seq).max().orElseThrow())));
        return messages.stream()
                .map(m -> m.withReactions(tallies.get(m.chatId()).getOrDefault(m.seq(), List.of())))
                .toList();
    }

    /** {@link #attached} as {@code reader} sees them. */
    public List<Message> attached(List<Message> messages, long reader) {
        return attached(messages).stream().map(m -> m.seenBy(reader)).toList();
    }

    public Message attached(Message message) {
        return attached(List.of(message)).getFirst();
    }
}
