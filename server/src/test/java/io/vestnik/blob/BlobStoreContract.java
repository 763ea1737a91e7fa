package io.vestnik.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} promises; run by DiskBlobStoreTest and S3BlobStoreTest. */
interface BlobStoreContract {

    BlobStore store();

    @Test
    default void a_put_blob_reads_back_whole_and_by_range() throws IOException {
        byte[] content = bytes(300_000, 1);
        String key = BlobKey.random();
        store().put(key, BlobContent.of(content));
        assertThat(read(key, 0, content.length)).isEqualTo(content);
        assertThat(read(key, 1000, 10)).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 1010));
        assertThat(read(key, content.length - 1, 1)).containsExactly(content[content.length - 1]);
    }

    @Test
    default void a_missing_blob_reads_as_empty() {
        assertThat(store().open(BlobKey.random(), 0, 1)).isEmpty();
    }

    @Test
    default void a_put_again_replaces_the_blob_whole() throws IOException {
        String key = BlobKey.random();
        store().put(key, BlobContent.of(bytes(5000, 2)));
        byte[] second = bytes(100, 3);
        store().put(key, BlobContent.of(second));
        assertThat(read(key, 0, second.length)).isEqualTo(second);
    }

    @Test
    default void a_stream_shorter_than_announced_stores_nothing() {
        String key = BlobKey.random();
        assertThatThrownBy(() -> store().put(key, new Claimed(BlobContent.of(bytes(10, 4)), 20)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(store().open(key, 0, 10)).isEmpty();
    }

    @Test
    default void a_stream_that_fails_midway_stores_nothing() {
        String key = BlobKey.random();
        BlobContent broken = new BlobContent() {
            @Override
            public long length() {
                return 200_000;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int left = 70_000;

                    @Override
                    public int read() throws IOException {
                        if (left == 0) throw new IOException("the disk went away");
                        left--;
                        return 7;
                    }
                };
            }
        };
        assertThatThrownBy(() -> store().put(key, broken)).isInstanceOf(UncheckedIOException.class);
        assertThat(store().open(key, 0, 1)).isEmpty();
    }

    @Test
    default void delete_removes_the_blob_and_is_idempotent() {
        String key = BlobKey.random();
        store().put(key, BlobContent.of(bytes(10, 5)));
        store().delete(key);
        assertThat(store().open(key, 0, 10)).isEmpty();
        store().delete(key);
        store().delete(BlobKey.random());
    }

    @Test
    default void keys_that_could_name_a_path_are_refused() {
        for (String bad : List.of("../etc/passwd", "a/b", "", "UPPER", "x".repeat(101))) {
            assertThatThrownBy(() -> store().put(bad, BlobContent.of(new byte[1])))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().open(bad, 0, 1)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    default void concurrent_puts_of_different_keys_all_land() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> puts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int seed = 10 + i;
                puts.add(pool.submit(() -> {
                    String key = BlobKey.random();
                    store().put(key, BlobContent.of(bytes(50_000, seed)));
                    return key;
                }));
            }
            for (int i = 0; i < puts.size(); i++) assertThat(read(puts.get(i).get(), 0, 50_000)).isEqualTo(bytes(50_000, 10 + i));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Content that announces another length than it has. */
    record Claimed(BlobContent real, long length) implements BlobContent {
        @Override
        public InputStream open() throws IOException {
            return real.open();
        }
    }

    private byte[] read(String key, long offset, long length) throws IOException {
        try (InputStream in = store().open(key, offset, length).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    static byte[] bytes(int length, long seed) {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        return content;
    }
}
