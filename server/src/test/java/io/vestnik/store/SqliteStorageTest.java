package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.search.SearchLanguage;
import io.vestnik.store.sql.SqliteStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {
    @TempDir
    Path dataDir;

    @Override
    protected Storage open(SearchLanguage language) {
        return new SqliteStorage(dataDir.resolve("data"), StorageMeters.NONE, language);
    }

    /** SQLite locks the whole database for a writer: holding it holds every chat. */
    @Override
    public AutoCloseable holdChat(long chatId) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("data").resolve("vestnik.db"));
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        return connection::close;
    }

    /** PostgreSQL's configurations keep Latin diacritics (it would need the unaccent extension); SQLite's index folds them. */
    @Test
    void latin_diacritics_are_folded_too() {
        User ann = user();
        Message sent = send(group(ann), ann, "Le café est naïve");
        assertThat(search(ann, "CAFE naive", null)).containsExactly(sent);
    }

    /** PostgreSQL's text refuses NUL; SQLite stores it, and its batch path must not cut the text there. */
    @Test
    void a_body_holding_a_nul_character_is_stored_whole() {
        User ann = user();
        String body = "before" + (char) 0 + "after";
        Message sent = send(group(ann), ann, body);
        assertThat(sent.body()).isEqualTo(body);
        assertThat(storage().messages().after(sent.chatId(), 0, 10)).extracting(Message::body).containsExactly(body);
    }

    @Test
    void the_database_its_journal_files_and_its_directory_are_the_owner_s_alone() throws Exception {
        storage().snapshots().save(user().id(), Map.of(1L, 1L), StoreFixture.T0);
        Path dir = dataDir.resolve("data");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        for (String name : new String[] {"vestnik.db", "vestnik.db-wal", "vestnik.db-shm"}) {
            assertThat(dir.resolve(name)).as(name).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)))).as(name).isEqualTo("rw-------");
        }
    }
}
