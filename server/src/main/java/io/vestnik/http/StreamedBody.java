package io.vestnik.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vestnik.transport.Offload;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a blocking stream (a blob) to a response whose head is set: a virtual thread reads a
 * chunk at a time and hands it to the event loop, waiting while the connection's write queue is
 * full, so a slow reader holds one chunk of the node's memory, not the file. A client that stops
 * reading for {@link #STALL_SECONDS} or goes away ends the transfer and closes the stream.
 */
final class StreamedBody {
    private static final int CHUNK = 64 * 1024;
    private static final long STALL_SECONDS = 60;

    private final Context context;
    private final HttpServerResponse response;
    private volatile CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);

    private StreamedBody(Context context, HttpServerResponse response) {
        this.context = context;
        this.response = response;
    }

    /** Streams what {@code source} opens, then ends the response; the future fails if it could not. */
    static Future<Void> send(Context context, Offload offload, HttpServerResponse response, Callable<InputStream> source) {
        StreamedBody body = new StreamedBody(context, response);
        response.closeHandler(ignored -> body.writing.completeExceptionally(new HttpClosedException("client went away")));
        return offload.call(context, () -> body.pump(source)).compose(ignored -> response.end());
    }

    private Void pump(Callable<InputStream> source) throws Exception {
        try (InputStream in = source.call()) {
            byte[] chunk = new byte[CHUNK];
            for (int n = in.readNBytes(chunk, 0, CHUNK); n > 0; n = in.readNBytes(chunk, 0, CHUNK)) {
                write(Buffer.buffer(Arrays.copyOf(chunk, n)));
            }
        }
        return null;
    }

    private void write(Buffer chunk) throws IOException, InterruptedException {
        CompletableFuture<Void> written = new CompletableFuture<>();
        writing = written;
        context.runOnContext(ignored -> {
            if (response.closed()) {
                written.completeExceptionally(new HttpClosedException("client went away"));
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) response.drainHandler(drained -> written.complete(null));
            else written.complete(null);
        });
        try {
            written.get(STALL_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the client read nothing for " + STALL_SECONDS + " s");
        }
    }
}
