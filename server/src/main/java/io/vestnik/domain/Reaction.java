package io.vestnik.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One emoji's reactions to a message, as a message payload carries them: {@code count} users
 * reacted with {@code emoji}. {@code mine} says whether the reader is one of them; it is set only
 * in a payload made for one reader and null (left out of the JSON) in a frame every member shares
 * (decision 0025). {@code userIds} stays on the server: it is what {@link #seenBy} reads.
 */
public record Reaction(String emoji, int count, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean mine,
                       @JsonIgnore List<Long> userIds) {

    public Reaction {
        userIds = userIds == null ? List.of() : List.copyOf(userIds);
    }

    /** The tally of a stored emoji: who reacted, in the order they did. */
    public static Reaction of(String emoji, List<Long> userIds) {
        return new Reaction(emoji, userIds.size(), null, userIds);
    }

    /** This reaction as {@code reader} sees it. */
    public Reaction seenBy(long reader) {
        return new Reaction(emoji, count, userIds.contains(reader), userIds);
    }
}
