package io.vestnik.security;

/**
 * Who calls: one column of the authorization matrix. The chat under test is a group owned by
 * {@link #GROUP_OWNER}, who also sent its messages, uploaded its attachment and holds the sessions
 * the session routes name.
 */
enum Caller {
    NO_CREDENTIALS,
    /** A Vestnik access token of a live session, past its expiry. */
    EXPIRED_TOKEN,
    /** A Vestnik access token whose session was logged out. */
    REVOKED_SESSION,
    /** The operator's {@code VESTNIK_ADMIN_TOKEN}, presented as a bearer token. */
    ADMIN_TOKEN,
    /** Signed in, in no chat with anyone. */
    NON_MEMBER,
    /** Signed in, shares a direct chat with the owner, but is not in the group. */
    ANOTHER_USER,
    /** A member of the group, neither its owner nor the sender of its messages. */
    MEMBER,
    GROUP_OWNER,
    /** A host-application HS256 JWT, for a user who is a member of the group. */
    HOST_TOKEN_USER,
    /** A service key of the server API holding every scope: no user, so refused (401) outside /api/v1/server/. */
    SERVICE_KEY,
    /** A service key holding only the {@code webhooks} scope, which no route in the matrix needs yet. */
    SERVICE_KEY_OTHER_SCOPE;

    boolean signedIn() {
        return this != NO_CREDENTIALS && this != EXPIRED_TOKEN && this != REVOKED_SESSION && this != ADMIN_TOKEN
                && !isServiceKey();
    }

    boolean isServiceKey() {
        return this == SERVICE_KEY || this == SERVICE_KEY_OTHER_SCOPE;
    }

    boolean inTheGroup() {
        return this == MEMBER || this == GROUP_OWNER || this == HOST_TOKEN_USER;
    }
}
