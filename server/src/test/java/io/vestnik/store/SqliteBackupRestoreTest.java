package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.store.sql.BackupRefused;
import io.vestnik.store.sql.SqliteBackup;
import io.vestnik.store.sql.SqliteRestore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backing up the embedded database and restoring it: what the copy holds and what a restore puts back. */
class SqliteBackupRestoreTest implements StoreFixture {
    @TempDir
    Path dir;
    private Path data;
    private Path backup;
    private Storage storage;

    @BeforeEach
    void open() {
        data = dir.resolve("data");
        backup = dir.resolve("backups").resolve("vestnik.backup");
        storage = reopen();
    }

    @AfterEach
    void close() {
        if (storage != null) storage.close();
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public Storage reopen() {
        if (storage != null) storage.close();
        storage = new io.vestnik.store.sql.SqliteStorage(data);
        storage.start();
        return storage;
    }

    private void stop() {
        storage.close();
        storage = null;
    }

    @Test
    void a_backup_is_a_checked_owner_only_copy_taken_while_the_database_is_in_use() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        for (int i = 0; i < 3; i++) send(chat, ann, "before " + i);
        Files.createDirectories(backup.getParent());

        SqliteBackup.Copied copied = SqliteBackup.copy(data, backup);

        assertThat(copied.messages()).isEqualTo(3);
        assertThat(copied.chats()).isEqualTo(1);
        assertThat(copied.bytes()).isEqualTo(Files.size(backup));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
        try (var files = Files.list(backup.getParent())) {
            assertThat(files).as("no partial copy left").containsExactly(backup);
        }
    }

    @Test
    void a_restore_brings_the_backup_back_and_continues_every_counter_past_what_the_replaced_database_handed_out() throws Exception {
        User ann = user();
        Chat chat = backedUpChat(ann);
        for (int i = 0; i < 4; i++) send(chat, ann, "lost " + i);
        User lateUser = user();
        Chat lateChat = group(lateUser);
        Message lateMessage = send(lateChat, lateUser, "lost with its chat");
        String identity = storage.id();
        stop();
        Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("rw-r--r--"));

        SqliteRestore.Restored restored = SqliteRestore.restore(data, backup, T0);

        assertThat(restored.exact()).isTrue();
        assertThat(restored.messages()).isEqualTo(3);
        assertThat(restored.keptAside()).isRegularFile().hasFileName("vestnik.db.before-restore-20300101T000000Z");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("vestnik.db")))).isEqualTo("rw-------");
        reopen();
        assertThat(storage.messages().after(chat.id(), 0, 100)).extracting(Message::seq).containsExactly(1L, 2L, 3L);
        assertThat(storage.chats().find(lateChat.id())).isEmpty();
        Message next = send(chat, ann, "after the restore");
        assertThat(next.seq()).as("seqs 4-7 were handed out before").isEqualTo(8);
        assertThat(next.id()).isGreaterThan(lateMessage.id());
        assertThat(user().id()).isGreaterThan(lateUser.id());
        assertThat(group(ann).id()).isGreaterThan(lateChat.id());
        assertThat(storage.id()).as("caches outside the database must not serve the replaced one's entries").isNotEqualTo(identity);
    }

    @Test
    void a_restore_over_an_unreadable_database_moves_every_counter_on_by_a_margin_and_leaves_no_stale_journal() throws Exception {
        User ann = user();
        Chat chat = backedUpChat(ann);
        stop();
        Files.writeString(data.resolve("vestnik.db"), "not a database any more");
        Files.writeString(data.resolve("vestnik.db-wal"), "a journal of another database");

        SqliteRestore.Restored restored = SqliteRestore.restore(data, backup, T0);

        assertThat(restored.exact()).isFalse();
        assertThat(data.resolve("vestnik.db-wal")).as("never read with the restored database").doesNotExist();
        assertThat(restored.keptAside()).hasContent("not a database any more");
        reopen();
        assertThat(send(chat, ann, "after the restore").seq()).isEqualTo(3 + 1_000_000 + 1);
    }

    @Test
    void a_restore_refuses_a_file_that_is_not_a_vestnik_database_and_leaves_the_database_as_it_was() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        send(chat, ann, "stays");
        stop();
        Path garbage = Files.writeString(dir.resolve("garbage"), "certainly not SQLite");
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (body TEXT)");
        }

        assertThatThrownBy(() -> SqliteRestore.restore(data, garbage, T0)).isInstanceOf(BackupRefused.class)
                .hasMessageContaining("SQLite");
        assertThatThrownBy(() -> SqliteRestore.restore(data, other, T0)).isInstanceOf(BackupRefused.class)
                .hasMessageContaining("not a Vestnik database");
        reopen();
        assertThat(storage.messages().after(chat.id(), 0, 10)).hasSize(1);
    }

    @Test
    void a_backup_from_an_older_schema_is_restored_and_migrated_forward_when_the_node_starts() throws Exception {
        stop();
        Path old = dir.resolve("old.db");
        org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + old);
        org.flywaydb.core.Flyway.configure().dataSource(source).locations("classpath:db/sqlite").target("1").load().migrate();

        assertThat(SqliteRestore.restore(data, old, T0).chats()).isZero();

        reopen();
        User ann = user();
        assertThat(send(group(ann), ann, "on the migrated schema").seq()).isEqualTo(1);
    }

    @Test
    void a_restore_refuses_a_backup_from_a_newer_schema_than_this_binary_knows() throws Exception {
        backUp();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO flyway_schema_history
                        (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                    VALUES (999, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test', 0, 1)""");
        }
        stop();

        assertThatThrownBy(() -> SqliteRestore.restore(data, backup, T0)).isInstanceOf(BackupRefused.class)
                .hasMessageContaining("schema version 999");
    }

    /** A chat with messages 1-3, backed up. */
    private Chat backedUpChat(User ann) throws Exception {
        Chat chat = group(ann);
        for (int i = 0; i < 3; i++) send(chat, ann, "kept " + i);
        backUp();
        return chat;
    }

    private void backUp() throws Exception {
        Files.createDirectories(backup.getParent());
        SqliteBackup.copy(data, backup);
    }
}
