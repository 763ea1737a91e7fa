package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Message;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.store.PinStore;
import java.time.Clock;
import java.util.List;

/**
 * Pinned messages. Any member may pin or unpin a live message; the {@code message_pinned} event
 * comes from the chat's change log ({@link Changes}). Blocking.
 */
public final class PinService {
    private final ChatService chats;
    private final MessageService messages;
    private final PinStore pins;
    private final Attachments attachments;
    private final Reactions reactions;
    private final Clock clock;

    public PinService(ChatService chats, MessageService messages, PinStore pins, Attachments attachments, Reactions reactions, Clock clock) {
        this.chats = chats;
        this.messages = messages;
        this.pins = pins;
        this.attachments = attachments;
        this.reactions = reactions;
        this.clock = clock;
    }

    /** True when newly pinned, false when it already was. */
    public boolean pin(Principal caller, long chatId, Long seq) {
        long position = Check.positive(seq, "seq");
        messages.live(caller, chatId, position);
        return pins.pin(chatId, position, caller.userId(), clock.instant());
    }

    public void unpin(Principal caller, long chatId, long seq) {
        chats.requireMember(caller, chatId);
        if (!pins.unpin(chatId, seq, clock.instant())) throw Problem.notFound("Pin");
    }

    public List<Message> list(Principal caller, long chatId) {
        chats.requireMember(caller, chatId);
        return reactions.attached(pins.pinned(chatId).stream().map(attachments::signed).toList(), caller.userId());
    }
}
