package io.vestnik.client;

/** A root message's thread: {@code replyCount} replies, the latest {@code lastReplySeq} at {@code lastReplyAt}. */
public record ThreadSummary(long replyCount, String lastReplyAt, long lastReplySeq) {}
