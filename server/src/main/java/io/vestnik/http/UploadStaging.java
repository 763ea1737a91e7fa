package io.vestnik.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vestnik.chat.Attachments;
import io.vestnik.media.ContentSniffer;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Streams a paused request's body into a new file under the staging directory, hashing it and
 * keeping its first {@link ContentSniffer#HEAD_BYTES} on the way: memory holds a chunk at a time,
 * whatever the file's size. The request pauses while the file's write queue is full. Fails with
 * 413 past {@code limit}, or with the connection's error; the file is deleted on any failure, and
 * by the caller once stored. Event loop only.
 */
public final class UploadStaging {
    private static final String PREFIX = "upload-";
    private final Promise<Attachments.Staged> staged = Promise.promise();
    private final HttpServerRequest request;
    private final Path file;
    private final long limit;
    private final MessageDigest sha256;
    private AsyncFile out;
    private byte[] head = new byte[0];
    private long size;

    private UploadStaging(HttpServerRequest request, Path file, long limit) {
        this.request = request;
        this.file = file;
        this.limit = limit;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code <data dir>/staging}, created if missing and emptied of what a crash left there (a
     * data directory is one node's). Blocking: call at start-up.
     */
    public static Path directory(Path dataDir) {
        Path staging = dataDir.resolve("staging");
        try {
            Files.createDirectories(staging);
            try (Stream<Path> left = Files.list(staging)) {
                left.filter(f -> f.getFileName().toString().startsWith(PREFIX)).forEach(UploadStaging::deleteLeftover);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the upload staging directory " + staging, e);
        }
        return staging;
    }

    private static void deleteLeftover(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staged upload " + file, e);
        }
    }

    static Future<Attachments.Staged> stage(Vertx vertx, HttpServerRequest request, Path directory, long limit) {
        UploadStaging staging = new UploadStaging(request, directory.resolve(PREFIX + UUID.randomUUID()), limit);
        vertx.fileSystem().open(staging.file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                .onSuccess(staging::start)
                .onFailure(staging.staged::tryFail);
        return staging.staged.future().onFailure(failure -> vertx.fileSystem().delete(staging.file.toString()));
    }

    private void start(AsyncFile opened) {
        out = opened;
        out.exceptionHandler(this::fail);
        request.handler(this::append)
                .endHandler(ignored -> out.close().onSuccess(done -> staged.tryComplete(
                        new Attachments.Staged(file, size, HexFormat.of().formatHex(sha256.digest()), head))).onFailure(this::fail))
                .exceptionHandler(this::fail)
                .resume();
    }

    private void append(Buffer chunk) {
        if (staged.future().isComplete()) return;
        size += chunk.length();
        if (size > limit) {
            fail(Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "A file may be at most " + limit + " bytes."));
            return;
        }
        byte[] bytes = chunk.getBytes();
        sha256.update(bytes);
        if (head.length < ContentSniffer.HEAD_BYTES) {
            int keep = Math.min(ContentSniffer.HEAD_BYTES - head.length, bytes.length);
            head = Arrays.copyOf(head, head.length + keep);
            System.arraycopy(bytes, 0, head, head.length - keep, keep);
        }
        out.write(chunk);
        if (out.writeQueueFull()) {
            request.pause();
            out.drainHandler(ignored -> request.resume());
        }
    }

    private void fail(Throwable failure) {
        if (!staged.tryFail(failure)) return;
        out.close();
    }
}
