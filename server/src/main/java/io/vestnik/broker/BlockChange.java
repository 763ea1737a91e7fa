package io.vestnik.broker;

/**
 * The argument of a {@link Envelope.Kind#BLOCKS_CHANGED} instruction, as seen by the topic's user:
 * they now block (or no longer block) {@code otherUserId} when {@code byMe}, or that user now
 * blocks (or no longer blocks) them otherwise. Text form: {@code b+42}, {@code b-42},
 * {@code by+42}, {@code by-42}.
 */
public record BlockChange(long otherUserId, boolean byMe, boolean blocked) {

    public static BlockChange blocks(long blockedId, boolean blocked) {
        return new BlockChange(blockedId, true, blocked);
    }

    public static BlockChange blockedBy(long blockerId, boolean blocked) {
        return new BlockChange(blockerId, false, blocked);
    }

    public String text() {
        return (byMe ? "b" : "by") + (blocked ? "+" : "-") + otherUserId;
    }

    /** @throws IllegalArgumentException for text {@link #text} did not write */
    public static BlockChange parse(String text) {
        int sign = Math.max(text.indexOf('+'), text.indexOf('-'));
        String who = sign < 0 ? "" : text.substring(0, sign);
        if (!who.equals("b") && !who.equals("by")) throw new IllegalArgumentException("Not a block change: " + text);
        return new BlockChange(Long.parseLong(text.substring(sign + 1)), who.equals("b"), text.charAt(sign) == '+');
    }
}
