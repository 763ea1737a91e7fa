package io.vestnik.client;

/**
 * A member's report of a message, for the host's moderators. {@code senderId} and {@code body} are
 * the message's when reported (kept if it is deleted later); {@code status} is {@code open} or
 * {@code resolved}, and {@code resolution} ({@code dismissed} or {@code actioned}) is set once.
 */
public record Report(long id, long chatId, long seq, long senderId, String senderExternalId, long reporterId,
                     String reporterExternalId, String reason, String comment, String body, String createdAt,
                     String status, String resolvedAt, String resolution, String resolutionNote) {}
