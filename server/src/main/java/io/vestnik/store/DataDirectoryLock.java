package io.vestnik.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <data>/vestnik.lock}, held for as long as a node runs on the embedded
 * database (and while {@code restore} replaces it), so a second node or a restore on the same data
 * directory is refused instead of corrupting or swapping the database under a running node. The
 * operating system drops the lock when its process dies, so a crashed node never leaves it stale.
 * Blocking (file I/O).
 */
public final class DataDirectoryLock implements AutoCloseable {
    static final String FILE = "vestnik.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Refused with a sentence naming the directory when something already holds its lock. */
    public static final class Held extends RuntimeException {
        Held(Path dataDir) {
            super("Another Vestnik process (a running node, or a restore) is using the data directory "
                    + dataDir.toAbsolutePath() + ": it holds " + dataDir.toAbsolutePath().resolve(FILE) + ". Stop it first.");
        }
    }

    /** Takes the lock, creating the directory (0700) and the lock file as needed; throws {@link Held} when it is taken. */
    public static DataDirectoryLock acquire(Path dataDir) {
        try {
            DataDirectory.createOwnerOnly(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new Held(dataDir);
            }
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null when another process holds it, or another part of this one (the JVM then throws instead of answering). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
