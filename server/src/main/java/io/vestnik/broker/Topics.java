package io.vestnik.broker;

/**
 * Topic names. A node subscribes to the topics of the users it holds connections for and of
 * those users' chats, so it receives only what it has someone to deliver to.
 */
public final class Topics {
    /** Instructions for every node (session revocation); every node subscribes to it. */
    public static final String NODES = "nodes";

    private Topics() {}

    /** Events of one chat: messages, reads, typing, pins, chat changes. */
    public static String chat(long chatId) {
        return "chat:" + chatId;
    }

    /** Events for one user's devices: presence of contacts, own read sync, membership, revocation. */
    public static String user(long userId) {
        return "user:" + userId;
    }
}
