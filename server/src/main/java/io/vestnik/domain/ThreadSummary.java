package io.vestnik.domain;

import java.time.Instant;

/**
 * A root message's thread as its payload carries it: {@code replyCount} replies so far (tombstones
 * of deleted replies included: they keep their place in the thread), the newest at
 * {@code lastReplySeq}, written at {@code lastReplyAt}. Moved in each reply's own transaction
 * (decision 0030).
 */
public record ThreadSummary(long replyCount, Instant lastReplyAt, long lastReplySeq) {}
