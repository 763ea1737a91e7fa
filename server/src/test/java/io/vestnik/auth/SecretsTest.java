package io.vestnik.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir Path dataDir;

    @Test
    void creates_a_random_owner_only_secret_on_first_start() throws Exception {
        byte[] secret = Secrets.jwtSecret(config(Map.of()));
        Path file = dataDir.resolve("secret.key");
        assertThat(secret).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void a_data_directory_it_creates_is_owner_only() throws Exception {
        Path fresh = dataDir.resolve("fresh").resolve("data");
        Secrets.loadOrCreate(fresh.resolve(Secrets.FILE_NAME));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
    }

    @Test
    void keeps_the_secret_across_restarts() {
        assertThat(Secrets.jwtSecret(config(Map.of()))).isEqualTo(Secrets.jwtSecret(config(Map.of())));
    }

    @Test
    void a_configured_secret_wins_and_no_file_is_written() {
        String configured = "0123456789abcdef0123456789abcdef";
        assertThat(Secrets.jwtSecret(config(Map.of("VESTNIK_JWT_SECRET", configured))))
                .isEqualTo(configured.getBytes(StandardCharsets.UTF_8));
        assertThat(dataDir.resolve("secret.key")).doesNotExist();
    }

    @Test
    void keys_derived_for_different_purposes_differ() {
        byte[] master = new byte[32];
        assertThat(Secrets.derive(master, "a")).hasSize(32).isNotEqualTo(Secrets.derive(master, "b"));
        assertThat(Secrets.derive(master, "a")).isEqualTo(Secrets.derive(master, "a"));
    }

    private io.vestnik.config.Config config(Map<String, String> extra) {
        var env = new java.util.HashMap<>(extra);
        env.put("VESTNIK_DATA_DIR", dataDir.toString());
        return ConfigLoader.load(env).config();
    }
}
