package io.vestnik.chat;

import io.vestnik.protocol.Problem;
import java.text.BreakIterator;
import java.util.regex.Pattern;

/**
 * What a reaction may be (decision 0025): one emoji — a single grapheme cluster (so skin tones,
 * flags and ZWJ sequences count as one) that holds a pictographic code point, a regional
 * indicator pair, a keycap or an emoji variation selector — or a short code such as
 * {@code :party_parrot:} for an application's own set. Stored as given: no normalisation.
 */
final class Emoji {
    /** Long enough for the longest emoji ZWJ and tag sequences in Unicode today. */
    static final int MAX_CHARS = 32;
    private static final Pattern SHORT_CODE = Pattern.compile(":[a-z0-9_+-]{1,30}:");
    private static final int VARIATION_SELECTOR_16 = 0xFE0F;
    private static final int KEYCAP = 0x20E3;

    private Emoji() {}

    static String check(String value) {
        if (value == null || value.isEmpty()) throw Problem.invalid("An emoji is required.");
        if (value.length() <= MAX_CHARS && (SHORT_CODE.matcher(value).matches() || isOneEmoji(value))) return value;
        throw Problem.invalid("A reaction is one emoji, or a short code like :thumbs_up: (lower-case letters, digits, "
                + "'_', '+', '-'; at most 30 between the colons).");
    }

    private static boolean isOneEmoji(String value) {
        BreakIterator graphemes = BreakIterator.getCharacterInstance();
        graphemes.setText(value);
        graphemes.first();
        if (graphemes.next() != value.length()) return false;
        return value.codePoints().anyMatch(c -> Character.isExtendedPictographic(c) || Character.isEmojiPresentation(c)
                || c == VARIATION_SELECTOR_16 || c == KEYCAP);
    }
}
