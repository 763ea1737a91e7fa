package io.vestnik.loadgen.client;

/**
 * Reads single fields out of compact JSON without parsing the whole frame. Receivers see every
 * delivery of a fan-out, so a full parse per frame would make the load generator the bottleneck.
 * Only for frames whose shape we know; a key's first occurrence wins, and keys inside string values
 * cannot match because their quotes are escaped.
 */
public final class JsonScan {
    private JsonScan() {}

    /** The string value of {@code key}, or null when absent or not a string. */
    public static String string(String json, String key) {
        int at = valueStart(json, key);
        if (at < 0 || at >= json.length() || json.charAt(at) != '"') return null;
        int end = json.indexOf('"', at + 1);
        return end < 0 ? null : json.substring(at + 1, end);
    }

    /** The integer value of {@code key}, quoted or not (a body may carry digits), or {@code missing}. */
    public static long number(String json, String key, long missing) {
        int at = valueStart(json, key);
        if (at < 0) return missing;
        if (at < json.length() && json.charAt(at) == '"') at++;
        boolean negative = at < json.length() && json.charAt(at) == '-';
        if (negative) at++;
        long value = 0;
        int digits = 0;
        for (; at < json.length() && Character.isDigit(json.charAt(at)); at++, digits++) {
            value = value * 10 + (json.charAt(at) - '0');
        }
        if (digits == 0) return missing;
        return negative ? -value : value;
    }

    private static int valueStart(String json, String key) {
        int at = json.indexOf('"' + key + '"');
        if (at < 0) return -1;
        at += key.length() + 2;
        while (at < json.length() && (json.charAt(at) == ' ' || json.charAt(at) == ':')) at++;
        return at;
    }
}
