package io.vestnik.client;

/** {@code message_delta}: {@code text} appended at character {@code offset} of streaming message {@code seq}. */
public record Delta(long chatId, long seq, long offset, String text) {}
