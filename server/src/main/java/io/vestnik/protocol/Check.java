package io.vestnik.protocol;

import io.vestnik.protocol.Problem;

/** Validation of client input, each failure a sentence naming the field. */
public final class Check {
    private Check() {}

    public static <T> T present(T value, String field) {
        if (value == null) throw Problem.invalid("Field '" + field + "' is required.");
        return value;
    }

    public static String text(String value, String field, int maxLength) {
        present(value, field);
        if (value.isBlank()) throw Problem.invalid("Field '" + field + "' must not be empty.");
        if (value.length() > maxLength) {
            throw Problem.invalid("Field '" + field + "' must be at most " + maxLength + " characters.");
        }
        return value;
    }

    public static long positive(Long value, String field) {
        present(value, field);
        if (value <= 0) throw Problem.invalid("Field '" + field + "' must be a positive integer.");
        return value;
    }

    public static long nonNegative(Long value, String field) {
        present(value, field);
        if (value < 0) throw Problem.invalid("Field '" + field + "' must not be negative.");
        return value;
    }

    public static int limit(String raw, int fallback, int max) {
        if (raw == null) return fallback;
        int value = (int) number(raw, "limit");
        if (value < 1 || value > max) throw Problem.invalid("Parameter 'limit' must be between 1 and " + max + ".");
        return value;
    }

    public static long number(String raw, String name) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw Problem.invalid("Parameter '" + name + "' must be an integer.");
        }
    }

    /** {@code true} or {@code false}; false when absent. */
    public static boolean flag(String raw, String name) {
        if (raw == null || raw.equals("false")) return false;
        if (raw.equals("true")) return true;
        throw Problem.invalid("Parameter '" + name + "' must be true or false.");
    }

    /** An ISO-8601 time such as {@code 2026-12-05T10:00:00Z}, or null when absent. */
    public static java.time.Instant time(String raw, String name) {
        if (raw == null || raw.isEmpty()) return null;
        try {
            return java.time.OffsetDateTime.parse(raw).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw Problem.invalid("Parameter '" + name + "' must be an ISO-8601 time with an offset, like 2026-12-05T10:00:00Z.");
        }
    }

    /** A restriction's end, {@code until}: in the future, or null for until lifted. */
    public static java.time.Instant endOrNull(java.time.Instant until, java.time.Instant now) {
        if (until != null && !until.isAfter(now)) {
            throw Problem.invalid("Field 'until' must be in the future (or absent: until lifted).");
        }
        return until;
    }

    /** A JSON object as compact text, or null when absent; refused past {@code maxBytes} of UTF-8. */
    public static String jsonObject(java.util.Map<String, Object> value, String field, int maxBytes) {
        if (value == null) return null;
        byte[] json = io.vestnik.protocol.Json.writeBytes(value);
        if (json.length > maxBytes) throw Problem.invalid("Field '" + field + "' must be at most " + maxBytes + " bytes of JSON.");
        return new String(json, java.nio.charset.StandardCharsets.UTF_8);
    }
}
