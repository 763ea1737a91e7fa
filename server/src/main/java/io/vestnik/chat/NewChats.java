package io.vestnik.chat;

import io.vestnik.domain.ChatContext;
import io.vestnik.domain.ChatKind;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.store.ChatStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a create-chat request into a validated {@link ChatStore.NewChat}. Direct and listing chats
 * get a key made of their members (and context), so asking again opens the same chat.
 */
final class NewChats {
    private static final Set<String> CONTEXT_TYPES = Set.of("listing", "product");

    private NewChats() {}

    static ChatStore.NewChat from(long ownerId, Requests.CreateChat request) {
        String kindText = Check.present(request.kind(), "kind");
        ChatKind kind;
        try {
            kind = ChatKind.parse(kindText);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("Field 'kind' must be one of direct, group, listing.");
        }
        List<Long> others = others(ownerId, Check.present(request.memberIds(), "member_ids"));
        return switch (kind) {
            case DIRECT -> pair(kind, ownerId, others, null, "direct");
            case LISTING -> {
                ChatContext context = context(request.context());
                yield pair(kind, ownerId, others, context, "listing:" + context.type() + ":" + context.id());
            }
            case GROUP -> group(ownerId, others, Check.text(request.title(), "title", 200));
        };
    }

    private static ChatStore.NewChat pair(ChatKind kind, long ownerId, List<Long> others, ChatContext context, String keyPrefix) {
        if (others.size() != 1) {
            throw Problem.invalid("A " + kind.wire() + " chat has exactly one other member in 'member_ids'.");
        }
        long other = others.getFirst();
        String key = keyPrefix + ":" + Math.min(ownerId, other) + ":" + Math.max(ownerId, other);
        return new ChatStore.NewChat(kind, null, context, ownerId, List.of(ownerId, other), key);
    }

    private static ChatStore.NewChat group(long ownerId, List<Long> others, String title) {
        if (others.size() + 1 > ChatService.MAX_GROUP_MEMBERS) {
            throw Problem.invalid("A group holds at most " + ChatService.MAX_GROUP_MEMBERS + " members.");
        }
        List<Long> members = new ArrayList<>();
        members.add(ownerId);
        members.addAll(others);
        return new ChatStore.NewChat(ChatKind.GROUP, title, null, ownerId, members, null);
    }

    private static List<Long> others(long ownerId, List<Long> memberIds) {
        Set<Long> others = new LinkedHashSet<>();
        for (Long id : memberIds) {
            Check.positive(id, "member_ids[]");
            if (id != ownerId) others.add(id);
        }
        return new ArrayList<>(others);
    }

    private static ChatContext context(ChatContext context) {
        Check.present(context, "context");
        if (!CONTEXT_TYPES.contains(Check.present(context.type(), "context.type"))) {
            throw Problem.invalid("Field 'context.type' must be 'listing' or 'product'.");
        }
        return new ChatContext(context.type(), Check.text(context.id(), "context.id", 200));
    }
}
