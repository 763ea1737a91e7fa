package io.vestnik.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of upload bodies one node takes in at once, across its event loops. An upload reserves
 * its declared length before a byte of it is read and releases it when done. Bodies stream to
 * staging files (decision 0033), so this now bounds the staging disk and the work in flight, not
 * the heap ({@code VESTNIK_UPLOAD_MEMORY_BUDGET} keeps its name). Thread-safe.
 */
public final class UploadBudget {
    private final AtomicLong available;

    public UploadBudget(long bytes) {
        this.available = new AtomicLong(bytes);
    }

    /** Takes {@code bytes} if that much is left; false (nothing taken) otherwise. */
    boolean tryReserve(long bytes) {
        long left = available.addAndGet(-bytes);
        if (left >= 0) return true;
        available.addAndGet(bytes);
        return false;
    }

    void release(long bytes) {
        available.addAndGet(bytes);
    }
}
