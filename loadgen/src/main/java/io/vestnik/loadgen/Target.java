package io.vestnik.loadgen;

/** The kinds of server the load generator can drive; each has one {@code Protocol} adapter. */
public enum Target {
    VESTNIK, SOCKETIO, STOMP, RAW
}
