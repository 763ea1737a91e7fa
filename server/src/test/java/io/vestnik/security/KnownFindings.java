package io.vestnik.security;

import java.util.Map;

/**
 * Inputs the fuzzer found that still misbehave, each with its report. The fuzzer skips exactly
 * these (nothing broader) until they are fixed; delete the entry with the fix, and the fuzzer
 * covers them again.
 */
final class KnownFindings {
    private KnownFindings() {}

    /**
     * An {@code Expect} header other than {@code 100-continue} on a request with a body under
     * {@code /api/}: Vert.x's BodyHandler fails the route with 417, ApiServer has no error handler
     * for 417, so the node logs "ERROR RoutingContext - Unhandled exception in router" and answers
     * a plain-text 417, not the contract's error shape. Reproduce: {@code POST /api/v1/chats} with
     * {@code Expect: websocket} and {@code Content-Length: 7}. Fix: an errorHandler(417) in
     * http/ApiServer (branch http owns that file).
     */
    static boolean unhandledExpectation(Map<String, String> headers) {
        return headers.entrySet().stream().anyMatch(header -> header.getKey().equalsIgnoreCase("Expect")
                && !header.getValue().trim().equalsIgnoreCase("100-continue"));
    }

    /**
     * A Content-Length larger than the body sent, then the client hangs up: the body read fails
     * with HttpClosedException, ApiServer has no handler for it, and the node logs "ERROR
     * RoutingContext - Unhandled exception in router" for an ordinary client disconnect (the client
     * is gone, so no answer is owed). Fix: treat a closed connection during the body as a client
     * abort in http/ApiServer's body handling (branch http, uploads and slow clients).
     */
    static boolean bodyCutShort(int contentLengthLie) {
        return contentLengthLie > 0;
    }
}
