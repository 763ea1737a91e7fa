package io.vestnik.host;

import io.vestnik.chat.ChatService;
import io.vestnik.chat.Requests;
import io.vestnik.domain.ChatContext;
import io.vestnik.domain.Member;
import io.vestnik.protocol.ChatView;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import java.util.List;

/**
 * Chats and members for the host application's servers, by external ids: the user routes' rules
 * ({@link ChatService}), with the host in no chat itself. Blocking (storage): call off the event loop.
 */
public final class HostChats {
    private final ChatService chats;
    private final HostUsers users;

    public HostChats(ChatService chats, HostUsers users) {
        this.chats = chats;
        this.users = users;
    }

    /**
     * {@code POST /api/v1/server/chats}. The first external id stands where the user route's
     * caller does: the owner of a group.
     */
    public record CreateChat(String kind, List<String> memberExternalIds, String title, ChatContext context) {}

    public record AddMember(String externalId) {}

    public record Opened(HostChat chat, boolean created) {}

    /** Get-or-create for direct and listing chats, as {@code POST /api/v1/chats}; unknown external ids answer 404. */
    public Opened create(CreateChat request) {
        List<Long> members = users.idsOf(Check.present(request.memberExternalIds(), "member_external_ids"));
        if (members.isEmpty()) throw Problem.invalid("Field 'member_external_ids' must name the chat's members.");
        ChatService.Opened opened = chats.createForHost(members.getFirst(),
                new Requests.CreateChat(request.kind(), request.title(), members.subList(1, members.size()), request.context()));
        return new Opened(named(opened.chat()), opened.created());
    }

    /** {@code GET /api/v1/server/chats/{chat_id}}: any chat; 404 only when it does not exist. */
    public HostChat get(long chatId) {
        return named(chats.getForHost(chatId));
    }

    public HostChat addMember(long chatId, AddMember request) {
        return named(chats.addMemberForHost(chatId, users.idOf(Check.present(request.externalId(), "external_id"))));
    }

    public void removeMember(long chatId, String externalId) {
        chats.removeMemberForHost(chatId, users.idOf(externalId));
    }

    private HostChat named(ChatView chat) {
        return HostChat.of(chat, users.byIds(chat.members().stream().map(Member::userId).toList()));
    }
}
