package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.config.PostgresUrl;
import io.vestnik.domain.Message;
import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.store.sql.SqliteStorage;
import io.vestnik.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** V16 fills the stemmed index with the messages an earlier version stored: they are found after the upgrade. */
@Timeout(120)
class SearchUpgradeTest {
    private static final String BEFORE_SEARCH_LANGUAGES = "14";

    @TempDir
    Path dir;

    @Test
    void sqlite_messages_stored_before_the_upgrade_are_found_by_other_forms_of_their_words() {
        Path data = dir.resolve("data");
        SqliteStorage storage = new SqliteStorage(data);
        String url = "jdbc:sqlite:" + data.resolve("vestnik.db");
        migrateToBeforeSearch(url, "sqlite");
        assertFoundAfterUpgrade(url, storage);
    }

    @Test
    void postgresql_messages_stored_before_the_upgrade_are_found_by_other_forms_of_their_words() {
        try (PostgresDatabase database = PostgresDatabase.create()) {
            migrateToBeforeSearch(database.url(), "postgres");
            assertFoundAfterUpgrade(database.url(), new PostgresStorage(PostgresUrl.parse(database.url())));
        }
    }

    private static void migrateToBeforeSearch(String url, String engine) {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/" + engine)
                .target(BEFORE_SEARCH_LANGUAGES).load().migrate();
    }

    private static void assertFoundAfterUpgrade(String url, Storage storage) {
        long userId = Jdbi.create(url).inTransaction(SearchUpgradeTest::oldVersionsMessage);
        try (storage) {
            storage.start();
            List<Message> found = storage.messages().search(
                    new MessageStore.SearchQuery(userId, "сообщения", null, null, null, null, 0, 10));
            assertThat(found).extracting(Message::body).containsExactly("Старое сообщение");
        }
    }

    /** A user, a chat and a message as the previous version writes them; returns the user's id. */
    private static long oldVersionsMessage(Handle h) {
        long user = h.createUpdate("INSERT INTO users (username, display_name, created_at) VALUES ('old', 'Old', 0)")
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        long chat = h.createUpdate("INSERT INTO chats (kind, created_at, last_activity_at, last_seq) VALUES ('group', 0, 0, 1)")
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        h.createUpdate("INSERT INTO chat_members (chat_id, user_id, role, joined_at) VALUES (:chat, :user, 'owner', 0)")
                .bind("chat", chat).bind("user", user).execute();
        h.createUpdate("INSERT INTO messages (chat_id, seq, sender_id, body, created_at) VALUES (:chat, 1, :user, 'Старое сообщение', 0)")
                .bind("chat", chat).bind("user", user).execute();
        return user;
    }
}
