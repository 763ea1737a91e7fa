package io.vestnik.domain;

public record Member(long userId, String role, long lastReadSeq) {
    public static final String OWNER = "owner";
    public static final String MEMBER = "member";
    /** A member the owner trusts to manage the group; first in line when the owner leaves. */
    public static final String ADMIN = "admin";

    /** Who may change a group's title, description and avatar. */
    public boolean managesGroup() {
        return OWNER.equals(role) || ADMIN.equals(role);
    }
}
