package io.vestnik.client;

/**
 * The user's bearer token: a host-application JWT ({@code sub} = the host's user id) or a Vestnik
 * access token. Called for every ticket, so a source that mints or refreshes tokens keeps a
 * connection going for as long as it runs; after close code 4001 it is asked again (re-auth).
 * Called on the connection's own thread; it may block briefly.
 */
@FunctionalInterface
public interface TokenSource {
    String token();

    static TokenSource of(String token) {
        return () -> token;
    }
}
