package io.vestnik.blob.disk;

import io.vestnik.blob.BlobContent;
import io.vestnik.blob.BlobKey;
import io.vestnik.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Blobs as files under one directory (by default {@code <data dir>/blobs}): {@code objects/ab/<key>},
 * fanned out by the key's first two characters. A put writes {@code tmp/}, fsyncs the file, renames
 * it into place atomically and fsyncs the directory; opening the store removes what a crash left
 * in {@code tmp/} more than a day ago. Temporary names are unique, so nodes may share the
 * directory (a network mount) when they share a PostgreSQL database. See {@link BlobStore} for the contract.
 */
public final class DiskBlobStore implements BlobStore {
    private final Path objects;
    private final Path tmp;

    public DiskBlobStore(Path root) {
        this.objects = root.resolve("objects");
        this.tmp = root.resolve("tmp");
        try {
            Files.createDirectories(objects);
            Files.createDirectories(tmp);
            removeLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the blob directory " + root, e);
        }
    }

    @Override
    public void put(String key, BlobContent content) {
        Path target = path(key);
        Path part = null;
        try {
            part = Files.createTempFile(tmp, "put-", ".part");
            write(part, content);
            Files.createDirectories(target.getParent());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsync(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + key, e);
        } finally {
            deleteQuietly(part);
        }
    }

    @Override
    public Optional<InputStream> open(String key, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ);
            channel.position(offset);
            return Optional.of(new BoundedInputStream(Channels.newInputStream(channel), length));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + key, e);
        }
    }

    @Override
    public void close() {}

    private Path path(String key) {
        BlobKey.check(key);
        return objects.resolve(key.substring(0, Math.min(2, key.length()))).resolve(key);
    }

    private static void write(Path part, BlobContent content) throws IOException {
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE); InputStream in = content.open()) {
            OutputStream out = Channels.newOutputStream(channel);
            long copied = new BoundedInputStream(in, content.length()).transferTo(out);
            if (copied != content.length() || in.read() != -1) {
                throw new IOException("the content is not the " + content.length() + " bytes announced");
            }
            channel.force(true);
        }
    }

    private static void fsync(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Only old ones: nodes that share the directory (a network mount) may be writing the recent ones. */
    private void removeLeftovers() throws IOException {
        java.nio.file.attribute.FileTime dayAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
        try (Stream<Path> parts = Files.list(tmp)) {
            parts.filter(part -> modified(part).compareTo(dayAgo) < 0).forEach(DiskBlobStore::deleteQuietly);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(Long.MAX_VALUE);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is removed when the store next opens
        }
    }
}
