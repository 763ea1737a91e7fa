package io.vestnik.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether a message's body may still grow. A {@link #STREAMING} message (a bot's reply being
 * written) gets its seq at once and its body in deltas until it is finished; every other message
 * is {@link #COMPLETE} from the start. A message never goes back to streaming.
 */
public enum MessageState {
    COMPLETE, STREAMING;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    public static MessageState of(boolean streaming) {
        return streaming ? STREAMING : COMPLETE;
    }
}
