package io.vestnik.node;

import io.vestnik.config.Durations;
import io.vestnik.gateway.Links;
import io.vestnik.http.InFlightRequests;
import java.time.Duration;

/** The line a stopping node writes about its drain, so an operator sees whether a deploy cut anyone off. */
final class StopReport {
    private StopReport() {}

    static String drain(Links.Drained links, InFlightRequests.Drained requests, Duration took) {
        return "drained in " + Durations.format(took) + ": "
                + count(links.webSockets(), "WebSocket") + " closed (1012, reconnect elsewhere), "
                + count(links.eventStreams(), "SSE stream") + " and " + count(links.polls(), "waiting poll") + " ended, "
                + links.stillOpen() + " still open after the grace; "
                + count(requests.inFlight(), "HTTP request") + " in flight: " + requests.finished() + " finished, "
                + requests.cut() + " cut";
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }
}
