package io.vestnik.loadgen.stomp;

/**
 * The few STOMP 1.2 frames the benchmark needs, written and read by hand: a frame is a command line,
 * {@code header:value} lines, a blank line, the body and a NUL. One WebSocket text frame carries one
 * STOMP frame (Spring writes them so). Headers are not escaped: the destinations here hold no
 * {@code :}, newline or backslash.
 */
record StompFrame(String command, String body) {
    private static final char NUL = '\0';

    static String connect(String host) {
        return "CONNECT\naccept-version:1.2\nhost:" + host + "\nheart-beat:0,0\n\n" + NUL;
    }

    static String subscribe(String destination) {
        return "SUBSCRIBE\nid:0\ndestination:" + destination + "\n\n" + NUL;
    }

    static String send(String destination, String json) {
        return "SEND\ndestination:" + destination + "\ncontent-type:application/json\n\n" + json + NUL;
    }

    /** The command and the body of an inbound frame; the headers are skipped. */
    static StompFrame of(String frame) {
        int commandEnd = frame.indexOf('\n');
        if (commandEnd < 0) return new StompFrame(frame.strip(), "");
        int headersEnd = frame.indexOf("\n\n", commandEnd);
        int bodyStart = headersEnd < 0 ? frame.length() : headersEnd + 2;
        int bodyEnd = frame.indexOf(NUL, bodyStart);
        return new StompFrame(frame.substring(0, commandEnd).strip(),
                frame.substring(bodyStart, bodyEnd < 0 ? frame.length() : bodyEnd));
    }
}
