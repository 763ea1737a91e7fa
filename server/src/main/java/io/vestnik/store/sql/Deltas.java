package io.vestnik.store.sql;

import io.vestnik.store.StreamStore.Applied;
import io.vestnik.store.StreamStore.Outcome;

/** The rule for one delta against a streaming body, apart from storage (pure; see {@link io.vestnik.store.StreamStore#append}). */
final class Deltas {
    private Deltas() {}

    static Applied apply(String body, int offset, String text, int maxLength) {
        int length = body.length();
        if (offset > length) return new Applied(Outcome.GAP, 0, "", length);
        int overlap = Math.min(text.length(), length - offset);
        if (!body.regionMatches(offset, text, 0, overlap)) return new Applied(Outcome.MISMATCH, 0, "", length);
        if (overlap == text.length()) return new Applied(Outcome.ALREADY_APPLIED, 0, "", length);
        String added = text.substring(overlap);
        if (length + added.length() > maxLength) return new Applied(Outcome.TOO_LONG, 0, "", length);
        return new Applied(Outcome.APPENDED, length, added, length + added.length());
    }
}
