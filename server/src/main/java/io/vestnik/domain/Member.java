package io.vestnik.domain;

/**
 * A member of a chat. {@code role}: {@link #OWNER} (one per group: its creator, until they hand it
 * over), {@link #ADMIN} (moderates the group) or {@link #MEMBER}; direct and listing chats have
 * no admins.
 */
public record Member(long userId, String role, long lastReadSeq) {
    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";

    /** Owner or admin: may moderate the group. */
    public boolean moderates() {
        return OWNER.equals(role) || ADMIN.equals(role);
    }
}
