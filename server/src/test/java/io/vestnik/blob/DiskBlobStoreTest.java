package io.vestnik.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.blob.disk.DiskBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBlobStoreTest implements BlobStoreContract {
    @TempDir
    Path root;
    private DiskBlobStore store;

    @BeforeEach
    void open() {
        store = new DiskBlobStore(root);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public BlobStore store() {
        return store;
    }

    @Test
    void a_crash_mid_put_leaves_a_temporary_file_that_a_later_open_removes() throws IOException {
        Path leftover = Files.writeString(root.resolve("tmp/put-123.part"), "half a file");
        Path writing = Files.writeString(root.resolve("tmp/put-456.part"), "another node's put, in progress");
        Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        new DiskBlobStore(root).close();
        assertThat(leftover).doesNotExist();
        assertThat(writing).exists();
    }

    @Test
    void files_are_named_by_key_and_nothing_is_left_in_tmp() throws IOException {
        String key = BlobKey.random();
        store.put(key, BlobContent.of(new byte[] {1, 2, 3}));
        assertThat(root.resolve("objects").resolve(key.substring(0, 2)).resolve(key)).hasBinaryContent(new byte[] {1, 2, 3});
        try (Stream<Path> tmp = Files.list(root.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }
}
