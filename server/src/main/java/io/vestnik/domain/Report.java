package io.vestnik.domain;

import java.time.Instant;

/**
 * A member's report of a message, for the host application's moderators. {@code body} and
 * {@code senderId} are the message's when it was reported (evidence that outlives a deletion).
 * {@code resolvedAt}, {@code resolution} and {@code resolutionNote} are null until the host resolves it.
 * External ids are null for users the host never put.
 */
public record Report(long id, long chatId, long seq, long senderId, String senderExternalId, long reporterId,
                     String reporterExternalId, String reason, String comment, String body, Instant createdAt,
                     Instant resolvedAt, String resolution, String resolutionNote) {

    /** Why a message may be reported: a fixed list, so hosts can route reports by reason. */
    public static final java.util.List<String> REASONS =
            java.util.List.of("spam", "harassment", "hate", "violence", "sexual", "illegal", "other");

    /** How a host may resolve a report. */
    public static final java.util.List<String> RESOLUTIONS = java.util.List.of("dismissed", "actioned");

    @com.fasterxml.jackson.annotation.JsonProperty("status")
    public String status() {
        return resolvedAt == null ? "open" : "resolved";
    }
}
