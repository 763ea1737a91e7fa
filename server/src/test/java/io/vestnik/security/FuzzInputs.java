package io.vestnik.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * What the fuzzers send: JSON that looks almost right (the API's own field names, wrong types,
 * numbers past 64 bits, deep nesting), random bytes, query strings with broken escapes, and
 * header values of every kind.
 */
final class FuzzInputs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UNIT = 256;
    static final List<String> FIELDS = List.of("type", "kind", "title", "member_ids", "context", "id", "user_id",
            "user_ids", "client_id", "body", "seq", "chat_id", "reply_to_seq", "attachment_ids", "forward", "is_typing",
            "positions", "username", "password", "display_name", "refresh_token", "notifications", "thread_root_seq",
            "shown_in_chat", "");
    static final List<String> FRAME_TYPES = List.of("ping", "send", "typing", "mark_read", "resume", "connected", "");
    static final List<String> PARAMS = List.of("limit", "cursor", "before_seq", "after_seq", "q", "chat_id", "user_ids",
            "name", "expires", "signature", "ticket", "resume", "timeout", "thread_replies", "unread");

    private FuzzInputs() {}

    static Arbitrary<String> number() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.integers().between(-3, 5).map(String::valueOf),
                Arbitraries.of("9007199254740993", "18446744073709551616", "1e999", "-1e999", "0.5", "-0", "1E+2",
                        "123456789012345678901234567890123456789", "NaN", "Infinity", "0x10", "01"));
    }

    /**
     * A JSON string: mostly short, sometimes right at a message's 16,000-character limit, rarely
     * far past it. Long ones are rare on purpose: a body holds several strings, and with a third of
     * them 16,000-70,000 characters long nearly every body was over the 64 KiB limit (a 413 that
     * reaches no route) and the fuzzer spent its time building and quoting megabytes.
     */
    static Arbitrary<String> string() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.strings().ofMaxLength(40).map(FuzzInputs::quoted)),
                Tuple.of(5, Arbitraries.of("", " ", "\u0000", "\uD800", "💬", "direct", "group", "listing", "a.b.c.d")
                        .map(FuzzInputs::quoted)),
                Tuple.of(2, longString(15_990, 16_010)),
                Tuple.of(1, longString(16_011, 70_000)));
    }

    static Arbitrary<String> scalar() {
        return Arbitraries.frequencyOf(Tuple.of(4, number()), Tuple.of(3, string()),
                Tuple.of(1, Arbitraries.of("true", "false", "null")));
    }

    /** A JSON value up to {@code depth} levels of objects and arrays. */
    static Arbitrary<String> json(int depth) {
        if (depth == 0) return scalar();
        return Arbitraries.frequencyOf(Tuple.of(4, scalar()), Tuple.of(3, object(depth - 1)),
                Tuple.of(1, Arbitraries.lazy(() -> json(depth - 1)).list().ofMaxSize(5).map(items -> "[" + String.join(",", items) + "]")));
    }

    static Arbitrary<String> object(int depth) {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(10));
        return Arbitraries.maps(name, Arbitraries.lazy(() -> json(depth))).ofMaxSize(7).map(fields -> fields.entrySet()
                .stream().map(f -> quoted(f.getKey()) + ":" + f.getValue()).collect(Collectors.joining(",", "{", "}")));
    }

    /** Nesting far past any sane document: arrays or objects thousands deep, closed or not. */
    static Arbitrary<String> deep() {
        return Arbitraries.integers().between(100, 20_000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "{\"type\":\"resume\",\"positions\":" + "{\"1\":".repeat(depth),
                "[".repeat(depth)));
    }

    /** A body: JSON of the API's shape, deep nesting, or any bytes. */
    static Arbitrary<byte[]> body() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, object(3).map(FuzzInputs::utf8)),
                Tuple.of(1, deep().map(FuzzInputs::utf8)),
                Tuple.of(2, bytes(2_000)),
                Tuple.of(1, Arbitraries.just(new byte[0])));
    }

    /** A WebSocket text payload: a frame-shaped object, JSON of any kind, deep nesting. */
    static Arbitrary<String> frameText() {
        Arbitrary<String> shaped = Arbitraries.of(FRAME_TYPES).flatMap(type -> object(2).map(fields ->
                "{\"type\":" + quoted(type) + (fields.length() > 2 ? "," + fields.substring(1) : "}")));
        return Arbitraries.frequencyOf(Tuple.of(6, shaped), Tuple.of(2, json(3)), Tuple.of(1, deep()));
    }

    /**
     * Any bytes, up to {@code maxLength}. Built in one piece from jqwik's random source: its own
     * array and string arbitraries make a shrinkable per element, which made these big inputs
     * cost tens of milliseconds each and the fuzzers run at ~30 inputs/s. The fuzzers never
     * shrink (a failure names its input), so nothing is lost; the seed still reproduces a run.
     */
    static Arbitrary<byte[]> bytes(int maxLength) {
        return Arbitraries.randomValue(random -> {
            byte[] bytes = new byte[random.nextInt(maxLength + 1)];
            random.nextBytes(bytes);
            return bytes;
        });
    }

    /**
     * A quoted JSON string of {@code min} to {@code max} characters: {@value #UNIT} random ones (see
     * {@link #anyChar}) repeated to the length. Past its first few hundred characters a long string
     * reaches no code that a short one does not, only the length checks, so it is built and quoted
     * per unit (JSON escapes each character on its own) instead of per character.
     */
    static Arbitrary<String> longString(int min, int max) {
        return Arbitraries.randomValue(random -> {
            int length = min + random.nextInt(max - min + 1);
            char[] unit = new char[UNIT];
            for (int i = 0; i < UNIT; i++) unit[i] = anyChar(random);
            String text = new String(unit);
            return "\"" + unquoted(text).repeat(length / UNIT) + unquoted(text.substring(0, length % UNIT)) + "\"";
        });
    }

    private static String unquoted(String text) {
        String quoted = quoted(text);
        return quoted.substring(1, quoted.length() - 1);
    }

    /** Printable ASCII mostly; else a control character, any UTF-16 unit (lone surrogates too), or one JSON and JavaScript treat specially. */
    private static char anyChar(java.util.Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> (char) random.nextInt(0x20);
            case 1 -> (char) random.nextInt(0x10000);
            case 2 -> "\"\\\uD800\uDC00\u2028\uFEFF".charAt(random.nextInt(6));
            default -> (char) (' ' + random.nextInt(95));
        };
    }

    /** A query string (without '?'): the API's parameters with odd values, broken %-escapes, raw bytes. */
    static Arbitrary<String> query() {
        Arbitrary<String> value = Arbitraries.oneOf(number(), Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30),
                Arbitraries.of("%", "%%", "%zz", "%4", "%c3%28", "%ff%fe", "%00", "%2", "a%", "%E2%82", "%u1234", "+",
                        "1,2,x", "-1", "", "=", "&&"));
        Arbitrary<String> pair = Arbitraries.oneOf(Arbitraries.of(PARAMS), Arbitraries.strings().withCharRange('!', '~').ofMaxLength(8))
                .flatMap(name -> value.map(v -> name + "=" + v));
        return Arbitraries.oneOf(pair.list().ofMaxSize(6).map(pairs -> String.join("&", pairs)),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(200),
                Arbitraries.strings().ofMaxLength(50));
    }

    /** An Authorization header value: nothing like a token, almost a token, or a real one. */
    static Arbitrary<String> authorization(String realToken) {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300).map(s -> "Bearer " + s),
                Arbitraries.of("Bearer", "Bearer ", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "bearer " + realToken,
                        "Bearer " + realToken + "x", "Bearer " + realToken.substring(1), "Bearer a.b.c", "Bearer ..",
                        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "Bearer vsk_0000", "Bearer " + "A".repeat(10_000)),
                Arbitraries.integers().between(0, realToken.length() - 1).map(cut -> "Bearer " + realToken.substring(0, cut)
                        + (char) ('A' + cut % 26) + realToken.substring(cut + 1)));
    }

    static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
