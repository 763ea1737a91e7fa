package io.vestnik.domain;

/** Points at one message: the chat and its seq there. */
public record MessageRef(long chatId, long seq) {}
