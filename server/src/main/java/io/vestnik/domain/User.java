package io.vestnik.domain;

/**
 * A Vestnik account: local, or a user of the host application, provisioned by its token or its
 * servers. {@code externalId} is the host's id for the user (the token's {@code sub}), null for a
 * local account; {@code avatarUrl} and {@code bot} are set by the host's servers.
 */
public record User(long id, String username, String displayName, String externalId, String avatarUrl, boolean bot) {
    /** The longest display name kept, whether chosen at sign-up or taken from a host token. */
    public static final int MAX_DISPLAY_NAME = 100;
}
