package io.vestnik.chaos;

import io.vestnik.testing.Endpoint;
import io.vestnik.testing.HttpApi;
import java.util.List;

/**
 * An idempotent HTTP call made as a real client makes it through the faults: to the next node on
 * each attempt, repeated with backoff (100 ms doubling to 1 s) while no node answers for at most
 * {@link #GIVE_UP_MS}. No answer means unreachable, a 5xx or a 429: such an attempt may or may not
 * have taken effect, so the caller learns how many there were.
 */
final class AnyNode {
    static final long GIVE_UP_MS = 20_000;

    /** The answer ({@code null}: none came in time) and how many attempts before it got none. */
    record Result(HttpApi.Response answer, int unanswered) {
        int status() {
            return answer == null ? 0 : answer.status();
        }

        boolean succeeded() {
            return status() / 100 == 2;
        }
    }

    private final List<? extends Endpoint> endpoints;
    /** Where the first attempt goes: a different node for each caller spreads the calls. */
    private final int first;

    AnyNode(List<? extends Endpoint> endpoints, int first) {
        this.endpoints = endpoints;
        this.first = first;
    }

    Result call(String method, String path, String token, Object body) {
        long deadline = System.currentTimeMillis() + GIVE_UP_MS;
        int attempt = 0;
        while (System.currentTimeMillis() < deadline) {
            HttpApi http = endpoints.get((first + attempt) % endpoints.size()).http();
            HttpApi.Response answer = attempt(http, method, path, token, body);
            if (answer != null) return new Result(answer, attempt);
            pause(Math.min(1_000, 100L << Math.min(attempt, 4)));
            attempt++;
        }
        return new Result(null, attempt);
    }

    private static HttpApi.Response attempt(HttpApi http, String method, String path, String token, Object body) {
        try {
            HttpApi.Response r = http.request(method, path, token, body);
            return r.status() >= 500 || r.status() == 429 ? null : r;
        } catch (RuntimeException unreachable) {
            return null;
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
