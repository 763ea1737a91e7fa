package io.vestnik.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people write and read them: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 90d}.
 * Configuration is parsed here and every log line and error message formats its durations here,
 * so an operator reads back what they would type ({@code 90d}, not {@code PT2160H}).
 */
public final class Durations {
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long[] UNIT_MILLIS = {DAY, HOUR, MINUTE, SECOND, 1};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms"};

    private Durations() {}

    /** Accepts ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
    public static Duration parse(String text) {
        String v = text.toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) return Duration.parse(text);
        if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        long amount = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException(text);
        };
    }

    /**
     * The largest units first, each only when not zero, to the millisecond: {@code 90d},
     * {@code 1h30m}, {@code 2m5s}, {@code 1s250ms}, {@code 0s}. Sub-millisecond parts are dropped.
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) return "0s";
        StringBuilder text = new StringBuilder(millis < 0 ? "-" : "");
        long rest = Math.abs(millis);
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long amount = rest / UNIT_MILLIS[i];
            rest %= UNIT_MILLIS[i];
            if (amount > 0) text.append(amount).append(UNIT_NAMES[i]);
        }
        return text.toString();
    }
}
