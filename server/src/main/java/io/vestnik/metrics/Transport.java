package io.vestnik.metrics;

import java.util.Locale;

/** How a client's live connection reaches the node; the {@code transport} tag of the connection meters. */
public enum Transport {
    WEBSOCKET, SSE, POLL;

    /** The tag value: the name in lower case. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
