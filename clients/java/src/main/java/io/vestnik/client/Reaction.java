package io.vestnik.client;

/**
 * One emoji's reactions to a message: {@code count} users reacted with {@code emoji}. {@code mine}
 * (whether the connected user is one of them) is set in messages fetched or replayed for this user
 * and null in frames every member shares; see the server's docs/protocol.md, "Reactions".
 */
public record Reaction(String emoji, int count, Boolean mine) {}
