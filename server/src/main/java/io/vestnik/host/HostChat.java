package io.vestnik.host;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vestnik.domain.Member;
import io.vestnik.domain.User;
import io.vestnik.protocol.ChatView;
import java.util.List;
import java.util.Map;

/**
 * A chat as the host application's servers see it: the chat every member sees, with each member
 * named by the host's own id for them, so the host never maps Vestnik ids back.
 */
public record HostChat(@JsonUnwrapped @JsonIgnoreProperties("members") ChatView chat, List<HostMember> members) {

    /** {@code externalId} is null for a local account (one the host never put nor signed in). */
    public record HostMember(long userId, String externalId, String displayName, boolean bot, String role, long lastReadSeq) {}

    static HostChat of(ChatView chat, Map<Long, User> users) {
        List<HostMember> members = chat.members().stream().map(m -> member(m, users.get(m.userId()))).toList();
        return new HostChat(chat, members);
    }

    private static HostMember member(Member member, User user) {
        return new HostMember(member.userId(), user.externalId(), user.displayName(), user.bot(), member.role(), member.lastReadSeq());
    }
}
