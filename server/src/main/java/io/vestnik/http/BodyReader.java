package io.vestnik.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.util.Arrays;

/**
 * Reads a paused request's body into one array of at most {@code limit} bytes, sized up front from
 * the declared length: no second copy, and never more than the limit however much the client
 * sends. Fails with 413 past the limit, or with the connection's error when the client goes away.
 * Event loop only.
 */
final class BodyReader {
    /** The first array of a body sent without a length (chunked); it doubles as it fills. */
    private static final int UNKNOWN_LENGTH_START = 64 * 1024;

    private final Promise<byte[]> body = Promise.promise();
    private final int limit;
    private byte[] bytes;
    private int length;

    private BodyReader(long declared, int limit) {
        this.limit = limit;
        this.bytes = new byte[(int) (declared >= 0 ? declared : Math.min(UNKNOWN_LENGTH_START, limit))];
    }

    static Future<byte[]> read(HttpServerRequest request, long declared, int limit) {
        BodyReader reader = new BodyReader(declared, limit);
        request.handler(reader::append)
                .endHandler(ignored -> reader.body.tryComplete(reader.content()))
                .exceptionHandler(reader.body::tryFail)
                .resume();
        return reader.body.future();
    }

    private byte[] content() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private void append(Buffer chunk) {
        if (body.future().isComplete()) return;
        if (length + chunk.length() > limit) {
            body.tryFail(Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "The body may be at most " + limit + " bytes."));
            return;
        }
        if (length + chunk.length() > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(bytes.length * 2, length + chunk.length())));
        }
        chunk.getBytes(0, chunk.length(), bytes, length);
        length += chunk.length();
    }
}
