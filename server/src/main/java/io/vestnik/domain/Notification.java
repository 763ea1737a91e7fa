package io.vestnik.domain;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * An application notification the host sent one user. {@code seq} numbers the user's
 * notifications 1, 2, 3, … without gaps; {@code data} is the host's JSON object as text (or
 * null); {@code read} is true once the user marked it (or a later one) read.
 */
public record Notification(long id, long seq, String kind, String title, String body, @JsonRawValue String data,
                           Instant createdAt, boolean read) {}
