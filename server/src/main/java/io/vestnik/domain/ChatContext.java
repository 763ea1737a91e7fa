package io.vestnik.domain;

/** What a listing chat is about: {@code type} is "listing" or "product", {@code id} the host's id for it. */
public record ChatContext(String type, String id) {}
