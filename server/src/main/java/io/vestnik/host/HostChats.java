package io.vestnik.host;

import io.vestnik.chat.ChatService;
import io.vestnik.chat.ChatView;
import io.vestnik.chat.Check;
import io.vestnik.chat.Requests;
import io.vestnik.domain.ChatContext;
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

    /** Get-or-create for direct and listing chats, as {@code POST /api/v1/chats}; unknown external ids answer 404. */
    public ChatService.Opened create(CreateChat request) {
        List<Long> members = users.idsOf(Check.present(request.memberExternalIds(), "member_external_ids"));
        if (members.isEmpty()) throw Problem.invalid("Field 'member_external_ids' must name the chat's members.");
        return chats.createForHost(members.getFirst(),
                new Requests.CreateChat(request.kind(), request.title(), members.subList(1, members.size()), request.context()));
    }

    public ChatView addMember(long chatId, AddMember request) {
        return chats.addMemberForHost(chatId, users.idOf(Check.present(request.externalId(), "external_id")));
    }

    public void removeMember(long chatId, String externalId) {
        chats.removeMemberForHost(chatId, users.idOf(externalId));
    }
}
