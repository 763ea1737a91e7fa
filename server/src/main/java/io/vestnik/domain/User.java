package io.vestnik.domain;

/** A Vestnik account, local or provisioned from a host application's token. */
public record User(long id, String username, String displayName) {}
