package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The schema only moves forward and only by additions, so a rolling upgrade is safe: while the first
 * node of a new version migrates the database, nodes of the previous version keep running on it.
 */
class MigrationRulesTest {
    private static final List<String> ENGINES = List.of("sqlite", "postgres");
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");
    /** Statements an old node's queries or writes could trip over. */
    private static final Map<String, Pattern> FORBIDDEN = Map.of(
            "drops a table, view or column", Pattern.compile("\\bDROP\\s+(?:TABLE|VIEW|COLUMN)\\b|\\bALTER\\s+TABLE\\s+\\S+\\s+DROP\\b"),
            "renames", Pattern.compile("\\bRENAME\\b"),
            "changes a column", Pattern.compile("\\bALTER\\s+COLUMN\\b"),
            "empties a table", Pattern.compile("\\bTRUNCATE\\b"),
            "adds a constraint to an existing table", Pattern.compile("\\bADD\\s+CONSTRAINT\\b"),
            "adds a NOT NULL column without a DEFAULT",
            Pattern.compile("\\bADD\\s+COLUMN\\b(?:(?!\\bDEFAULT\\b).)*\\bNOT\\s+NULL\\b(?:(?!\\bDEFAULT\\b).)*$", Pattern.DOTALL));

    @Test
    void bothEnginesHaveTheSameMigrationsNumberedWithoutGaps() throws IOException {
        List<Integer> sqlite = versions("sqlite");
        assertThat(versions("postgres")).isEqualTo(sqlite);
        assertThat(sqlite).isEqualTo(IntStream.rangeClosed(1, sqlite.size()).boxed().toList());
    }

    @Test
    void aShippedMigrationIsNeverEditedOrRemoved() throws IOException {
        Map<String, String> recorded = recordedChecksums();
        Map<String, String> actual = new TreeMap<>();
        for (String engine : ENGINES) {
            for (Path file : migrations(engine)) actual.put(engine + "/" + file.getFileName(), sha256(file));
        }
        assertThat(actual)
                .as("server/src/test/resources/db/migrations.sha256: a new migration adds its line; a shipped one never changes")
                .isEqualTo(recorded);
    }

    @Test
    void migrationsOnlyAdd() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String engine : ENGINES) {
            for (Path file : migrations(engine)) {
                for (String statement : statements(Files.readString(file))) {
                    FORBIDDEN.forEach((what, pattern) -> {
                        if (pattern.matcher(statement).find()) violations.add(engine + "/" + file.getFileName() + " " + what + ": " + statement);
                    });
                }
            }
        }
        assertThat(violations).as("a migration must keep every query of the previous version working").isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyForbid() {
        List<String> bad = List.of(
                "ALTER TABLE chats DROP COLUMN version",
                "ALTER TABLE chats DROP version",
                "DROP TABLE pins",
                "ALTER TABLE users RENAME COLUMN name TO display_name",
                "ALTER TABLE messages ALTER COLUMN body TYPE BYTEA",
                "TRUNCATE presence_nodes",
                "ALTER TABLE chats ADD CONSTRAINT one_title UNIQUE (title)",
                "ALTER TABLE chats ADD COLUMN topic TEXT NOT NULL");
        for (String statement : bad) {
            assertThat(FORBIDDEN.values().stream().anyMatch(p -> p.matcher(statement.toUpperCase()).find())).as(statement).isTrue();
        }
        for (String fine : List.of("ALTER TABLE CHATS ADD COLUMN VERSION BIGINT NOT NULL DEFAULT 0", "DROP TRIGGER MESSAGES_FTS_UPDATE", "DROP INDEX CHATS_BY_TITLE")) {
            assertThat(FORBIDDEN.values().stream().noneMatch(p -> p.matcher(fine).find())).as(fine).isTrue();
        }
    }

    /** Statements in upper case with comments removed. */
    private static List<String> statements(String sql) {
        String code = sql.replaceAll("--[^\\n]*", "").toUpperCase();
        return Stream.of(code.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> versions(String engine) throws IOException {
        List<Integer> versions = new ArrayList<>();
        for (Path file : migrations(engine)) {
            Matcher m = VERSION.matcher(file.getFileName().toString());
            assertThat(m.matches()).as("migration file name " + file.getFileName()).isTrue();
            versions.add(Integer.parseInt(m.group(1)));
        }
        return versions.stream().sorted().toList();
    }

    private static List<Path> migrations(String engine) throws IOException {
        try (Stream<Path> files = Files.list(resource("/db/" + engine))) {
            return files.sorted().toList();
        }
    }

    private static Map<String, String> recordedChecksums() throws IOException {
        Map<String, String> recorded = new TreeMap<>();
        for (String line : Files.readAllLines(resource("/db/migrations.sha256"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] fields = line.trim().split("\\s+");
            recorded.put(fields[1], fields[0]);
        }
        return recorded;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(MigrationRulesTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
