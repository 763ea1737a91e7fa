package io.vestnik.search;

import java.util.Locale;

/**
 * How message text becomes search terms, one per deployment ({@code VESTNIK_SEARCH_LANGUAGE}).
 * Each name is also the PostgreSQL text search configuration that does the same there.
 */
public enum SearchLanguage {
    /** Cyrillic words by the Snowball Russian stemmer, other words by the English one (PostgreSQL's {@code russian} does the same). */
    RUSSIAN,
    /** Every word by the Snowball English stemmer. */
    ENGLISH,
    /** No stemming: words match as written, case and diacritics folded. */
    SIMPLE;

    /** Russian: the marketplace's users write in Russian, with English product and brand names among the words. */
    public static final SearchLanguage DEFAULT = RUSSIAN;

    /** The name in configuration and PostgreSQL's {@code regconfig} of the same name. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The language named {@code name} (any case); {@link IllegalArgumentException} for an unknown one. */
    public static SearchLanguage named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
