package io.vestnik.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.blob.BlobContent;
import io.vestnik.blob.BlobStore;
import io.vestnik.blob.disk.DiskBlobStore;
import io.vestnik.config.PostgresUrl;
import io.vestnik.domain.User;
import io.vestnik.store.AttachmentStore;
import io.vestnik.store.Storage;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.store.sql.SqliteStorage;
import io.vestnik.testing.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Files stored in the database before decision 0033 move into the blob store once, on both engines. */
@Timeout(120)
class AttachmentMoverTest {
    enum Engine { SQLITE, POSTGRES }

    @TempDir
    Path dir;
    private Storage storage;
    private BlobStore blobs;
    private PostgresDatabase database;
    private String jdbcUrl;

    @AfterEach
    void close() {
        if (storage != null) storage.close();
        if (database != null) database.close();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void rows_the_old_schema_wrote_move_once_with_their_bytes_and_digest(Engine engine) throws Exception {
        open(engine);
        User ann = storage.users().create("ann-" + UUID.randomUUID().toString().substring(0, 8), "Ann", "hash", Instant.EPOCH).orElseThrow();
        long first = insertTheOldWay(ann.id(), "a.txt", "hello".getBytes());
        long second = insertTheOldWay(ann.id(), "b.bin", new byte[] {0, 1, 2, (byte) 255});
        // A crash after the blob was written, before the row said so: the move runs again.
        blobs.put("db-" + second, BlobContent.of(new byte[] {9, 9}));

        assertThat(AttachmentMover.moveAll(storage.attachments(), blobs)).isEqualTo(2);

        assertMoved(first, "hello".getBytes(), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertMoved(second, new byte[] {0, 1, 2, (byte) 255}, null);
        assertThat(storage.attachments().inDatabase(10)).isEmpty();
        assertThat(AttachmentMover.moveAll(storage.attachments(), blobs)).as("a second run finds nothing").isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_row_a_previous_version_writes_after_start_up_moves_on_its_first_read(Engine engine) throws Exception {
        open(engine);
        User ann = storage.users().create("ann-" + UUID.randomUUID().toString().substring(0, 8), "Ann", "hash", Instant.EPOCH).orElseThrow();
        AttachmentMover.moveAll(storage.attachments(), blobs);
        long late = insertTheOldWay(ann.id(), "late.txt", "written by an old node".getBytes());

        assertThat(AttachmentMover.moveOne(storage.attachments(), blobs, late)).contains("db-" + late);
        assertMoved(late, "written by an old node".getBytes(), null);
        assertThat(AttachmentMover.moveOne(storage.attachments(), blobs, late)).as("read again: already moved").contains("db-" + late);
    }

    private void assertMoved(long id, byte[] content, String sha256) throws IOException {
        AttachmentStore.Stored stored = storage.attachments().stored(id).orElseThrow();
        assertThat(stored.blobKey()).isEqualTo("db-" + id);
        if (sha256 != null) assertThat(stored.attachment().sha256()).isEqualTo(sha256);
        assertThat(stored.attachment().sha256()).hasSize(64);
        assertThat(storage.attachments().databaseContent(id)).isEmpty();
        try (InputStream in = blobs.open(stored.blobKey(), 0, content.length).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(bytesInTheRow(id)).as("the database keeps no copy").isZero();
    }

    private void open(Engine engine) {
        if (engine == Engine.POSTGRES) {
            database = PostgresDatabase.create();
            jdbcUrl = database.url();
            storage = new PostgresStorage(PostgresUrl.parse(jdbcUrl));
        } else {
            jdbcUrl = "jdbc:sqlite:" + dir.resolve("data/vestnik.db");
            storage = new SqliteStorage(dir.resolve("data"));
        }
        storage.start();
        blobs = new DiskBlobStore(dir.resolve("blobs"));
    }

    /** The INSERT of the previous version (JdbcAttachmentStore before V21): content in the row, no blob key. */
    private long insertTheOldWay(long uploader, String name, byte[] content) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement s = c.prepareStatement("""
                INSERT INTO attachments (uploader_id, name, content_type, size, content, created_at)
                VALUES (?, ?, 'application/octet-stream', ?, ?, 0) RETURNING id""")) {
            s.setLong(1, uploader);
            s.setString(2, name);
            s.setLong(3, content.length);
            s.setBytes(4, content);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int bytesInTheRow(long id) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement s = c.prepareStatement("SELECT content FROM attachments WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBytes(1).length;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
