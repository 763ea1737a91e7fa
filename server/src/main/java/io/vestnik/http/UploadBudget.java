package io.vestnik.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of upload bodies one node holds in memory at once, across its event loops. An upload
 * reserves its declared length before a byte of it is read and releases it when done, so however
 * many clients upload at once, bodies never take more than the budget of the heap. Thread-safe.
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
