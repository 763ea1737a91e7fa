package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.config.ConfigLoader;
import io.vestnik.node.KeysCommand;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.TwoNodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys live in the shared database: one made by {@code bin/vestnik keys} with no server running
 * works on every node, and one revoked on a node is refused by the next call on any other.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceKeysAcrossNodesTest {
    static final String ADMIN = "across-nodes-admin-token-0123456789";
    static TwoNodes nodes;
    static TestNode first;
    static TestNode second;

    @BeforeAll
    static void start() {
        nodes = TwoNodes.start(Map.of("VESTNIK_ADMIN_TOKEN", ADMIN));
        first = nodes.first();
        second = nodes.second();
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void a_key_revoked_on_one_node_is_refused_by_the_next_call_on_another() {
        Response created = first.http().post("/api/v1/admin/keys", ADMIN, Map.of("name", "shop", "scopes", List.of("users")));
        String key = created.json().path("key").asText();
        assertThat(put(second, key, "across-1").status()).isEqualTo(201);
        assertThat(first.http().delete("/api/v1/admin/keys/" + created.json().path("id").asLong(), ADMIN).status()).isEqualTo(204);
        assertThat(put(second, key, "across-2").status()).isEqualTo(401);
    }

    @Test
    void the_keys_command_creates_lists_and_revokes_keys_in_the_database_without_a_server(@TempDir Path dataDir) {
        var config = ConfigLoader.load(Map.of("VESTNIK_DATABASE_URL", nodes.database().url(), "VESTNIK_DATA_DIR", dataDir.toString())).config();
        Command create = Command.run(config, "create", "cli-made", "users", "chats");
        assertThat(create.status()).as(create.err()).isZero();
        String key = create.out().strip();
        assertThat(key).startsWith("vsk_");
        assertThat(put(first, key, "cli-user").status()).isEqualTo(201);

        Command list = Command.run(config, "list");
        String line = list.out().lines().filter(l -> l.contains("cli-made")).findFirst().orElseThrow();
        assertThat(line).contains("users,chats").doesNotContain(key.substring(4));
        assertThat(Command.run(config, "revoke", line.split("\t")[0]).status()).isZero();
        assertThat(put(second, key, "cli-user-2").status()).isEqualTo(401);

        assertThat(Command.run(config, "create", "bad", "root").status()).isEqualTo(2);
        assertThat(Command.run(config, "revoke", line.split("\t")[0]).status()).isEqualTo(1);
        assertThat(Command.run(config, "frobnicate").err()).contains("usage: bin/vestnik keys");
    }

    private record Command(int status, String out, String err) {
        static Command run(io.vestnik.config.Config config, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = new KeysCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run(config, List.of(args));
            return new Command(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    private static Response put(TestNode node, String key, String externalId) {
        return node.http().request("PUT", "/api/v1/server/users/" + externalId, key, Map.of("display_name", externalId));
    }
}
