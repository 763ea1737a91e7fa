package io.vestnik.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Frames a test client received and has not taken yet; taken by type, in arrival order. Thread-safe. */
final class Inbox {
    private final List<JsonNode> frames = new ArrayList<>();

    synchronized void add(JsonNode frame) {
        frames.add(frame);
        notifyAll();
    }

    /** Removes and returns the first frame of the type, waiting for it to arrive. */
    synchronized JsonNode next(String type, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (Iterator<JsonNode> it = frames.iterator(); it.hasNext(); ) {
                JsonNode frame = it.next();
                if (type.equals(frame.path("type").asText())) {
                    it.remove();
                    return frame;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("no '" + type + "' frame within " + wait + "; have " + frames);
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Every frame of the type received so far, removed from the inbox. */
    synchronized List<JsonNode> drain(String type) {
        List<JsonNode> found = new ArrayList<>();
        for (Iterator<JsonNode> it = frames.iterator(); it.hasNext(); ) {
            JsonNode frame = it.next();
            if (type.equals(frame.path("type").asText())) {
                found.add(frame);
                it.remove();
            }
        }
        return found;
    }

    /** Waits until {@code count} frames of the type have arrived, and takes them. */
    List<JsonNode> take(String type, int count, Duration wait) {
        List<JsonNode> taken = new ArrayList<>();
        while (taken.size() < count) taken.add(next(type, wait));
        return taken;
    }
}
