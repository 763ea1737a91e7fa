package io.vestnik.broker;

import java.util.Map;

/**
 * The wire form of an {@link Envelope} between nodes: one header line of tab-separated fields, then
 * the payload verbatim, so a payload with any character needs no escaping.
 *
 * <pre>1 TAB kind TAB topic TAB chatId TAB seq TAB skipConnection TAB publishedAtMillis [LF payload]</pre>
 *
 * The leading {@code 1} is the format version: a node refuses a version it does not know rather
 * than guess, so a rolling upgrade that changes the format must first teach every node to read it.
 * A header without the line feed means a null payload; an empty {@code skipConnection} means none
 * (connection ids are never empty). Kinds travel as one letter each, fixed here, so renaming an
 * enum constant cannot change the wire.
 *
 * <p>Stateless and thread-safe.
 */
public final class EnvelopeCodec {
    static final String VERSION = "1";
    private static final int FIELDS = 7;
    private static final Map<Envelope.Kind, String> CODES = Map.of(
            Envelope.Kind.EVENT, "E",
            Envelope.Kind.STREAM, "S",
            Envelope.Kind.CHANGE, "C",
            Envelope.Kind.SESSION_REVOKED, "R",
            Envelope.Kind.JOINED_CHAT, "J",
            Envelope.Kind.LEFT_CHAT, "L");

    /** A message that is not an envelope this node can read; the broker logs and drops it. */
    public static final class MalformedEnvelopeException extends IllegalArgumentException {
        MalformedEnvelopeException(String message) {
            super(message);
        }
    }

    private EnvelopeCodec() {}

    /** @throws IllegalArgumentException if the topic or skipConnection holds a tab or line feed */
    public static String encode(Envelope envelope) {
        StringBuilder out = new StringBuilder(64 + (envelope.payload() == null ? 0 : envelope.payload().length()));
        out.append(VERSION).append('\t').append(CODES.get(envelope.kind()))
                .append('\t').append(headerField("topic", envelope.topic()))
                .append('\t').append(envelope.chatId())
                .append('\t').append(envelope.seq())
                .append('\t').append(headerField("skipConnection", envelope.skipConnection()))
                .append('\t').append(envelope.publishedAtMillis());
        if (envelope.payload() != null) out.append('\n').append(envelope.payload());
        return out.toString();
    }

    /** @throws MalformedEnvelopeException with a sentence saying what is wrong */
    public static Envelope decode(String text) {
        if (text == null) throw new MalformedEnvelopeException("no message");
        int newline = text.indexOf('\n');
        String header = newline < 0 ? text : text.substring(0, newline);
        String payload = newline < 0 ? null : text.substring(newline + 1);
        String[] f = header.split("\t", -1);
        if (!f[0].equals(VERSION)) throw new MalformedEnvelopeException("unknown envelope version: " + abbreviate(f[0]));
        if (f.length != FIELDS) throw new MalformedEnvelopeException("expected " + FIELDS + " header fields, got " + f.length);
        if (f[2].isEmpty()) throw new MalformedEnvelopeException("empty topic");
        return new Envelope(kind(f[1]), f[2], number("chatId", f[3]), number("seq", f[4]),
                f[5].isEmpty() ? null : f[5], payload, number("publishedAtMillis", f[6]));
    }

    private static String headerField(String name, String value) {
        if (value == null) return "";
        if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(name + " must not contain a tab or line feed: " + abbreviate(value));
        }
        return value;
    }

    private static Envelope.Kind kind(String code) {
        for (var entry : CODES.entrySet()) {
            if (entry.getValue().equals(code)) return entry.getKey();
        }
        throw new MalformedEnvelopeException("unknown envelope kind: " + abbreviate(code));
    }

    private static long number(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedEnvelopeException(name + " is not a number: " + abbreviate(text));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? "'" + text + "'" : "'" + text.substring(0, 40) + "…'";
    }
}
