package io.vestnik.loadgen.socketio;

/**
 * One inbound Engine.IO v4 packet (one WebSocket text frame), with the Socket.IO v4 packet inside a
 * {@code message} (type 4) read far enough for the benchmark: the default namespace only, no binary
 * attachments. Payloads are left as text for {@code JsonScan}, so no frame is parsed in full.
 */
sealed interface EnginePacket {

    /** Engine.IO {@code open}: {@code 0{"sid":...,"pingInterval":...}}. */
    record Open() implements EnginePacket {}

    /** Engine.IO {@code ping} ({@code 2}), to be answered with a pong ({@code 3}). */
    record Ping() implements EnginePacket {}

    /** Socket.IO {@code CONNECT} answered for the default namespace: {@code 40{"sid":...}}. */
    record Connected() implements EnginePacket {}

    /** Socket.IO {@code EVENT}: {@code 42[<id>]["name",payload]}; {@code payload} is the rest of the array. */
    record Event(String name, String payload) implements EnginePacket {}

    /** Socket.IO {@code ACK}: {@code 43<id>[...]}. */
    record Ack(long id, String payload) implements EnginePacket {}

    /** Anything else (close, noop, disconnect, connect error). */
    record Other() implements EnginePacket {}

    EnginePacket OPEN = new Open();
    EnginePacket PING = new Ping();
    EnginePacket CONNECTED = new Connected();
    EnginePacket OTHER = new Other();

    static EnginePacket of(String frame) {
        if (frame.isEmpty()) return OTHER;
        return switch (frame.charAt(0)) {
            case '0' -> OPEN;
            case '2' -> PING;
            case '4' -> socketIo(frame);
            default -> OTHER;
        };
    }

    private static EnginePacket socketIo(String frame) {
        if (frame.length() < 2) return OTHER;
        int idStart = 2;
        int idEnd = idStart;
        while (idEnd < frame.length() && Character.isDigit(frame.charAt(idEnd))) idEnd++;
        return switch (frame.charAt(1)) {
            case '0' -> CONNECTED;
            case '2' -> event(frame.substring(idEnd));
            case '3' -> idEnd == idStart ? OTHER
                    : new Ack(Long.parseLong(frame.substring(idStart, idEnd)), frame.substring(idEnd));
            default -> OTHER;
        };
    }

    /** {@code ["name",...]}: the name is the first string; the payload follows its comma. */
    private static EnginePacket event(String array) {
        if (!array.startsWith("[\"")) return OTHER;
        int nameEnd = array.indexOf('"', 2);
        if (nameEnd < 0) return OTHER;
        return new Event(array.substring(2, nameEnd), array.substring(Math.min(nameEnd + 2, array.length())));
    }
}
