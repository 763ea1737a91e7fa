package io.vestnik.client;

/** Where a {@link LiveConnection} stands; {@code SIGNED_OUT} and {@code CLOSED} are final. */
public enum ConnectionState { IDLE, CONNECTING, LIVE, RECONNECTING, SIGNED_OUT, CLOSED }
