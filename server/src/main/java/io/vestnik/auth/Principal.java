package io.vestnik.auth;

/**
 * Who is calling: a user, and the Vestnik session the credential belongs to. Host-application
 * tokens carry no Vestnik session: their {@code sessionId} is {@link #NO_SESSION}.
 */
public record Principal(long userId, long sessionId) {
    public static final long NO_SESSION = 0;

    public boolean hasSession() {
        return sessionId != NO_SESSION;
    }
}
