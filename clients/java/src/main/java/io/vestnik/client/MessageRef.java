package io.vestnik.client;

/** A message by its place: the chat and its {@code seq} there (a forward's source, a message's {@code forwardedFrom}). */
public record MessageRef(long chatId, long seq) {}
