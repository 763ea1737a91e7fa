package io.vestnik.domain;

/** A Vestnik account, local or provisioned from a host application's token. */
public record User(long id, String username, String displayName) {
    /** The longest display name kept, whether chosen at sign-up or taken from a host token. */
    public static final int MAX_DISPLAY_NAME = 100;
}
