package io.vestnik.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class RefreshTokensTest {

    @Test
    void tokens_are_32_random_bytes_in_base64url() {
        String token = RefreshTokens.generate();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        assertThat(RefreshTokens.generate()).isNotEqualTo(token);
    }

    @Test
    void the_stored_hash_is_stable_and_is_not_the_token() {
        String token = RefreshTokens.generate();
        assertThat(RefreshTokens.hash(token)).isEqualTo(RefreshTokens.hash(token)).isNotEqualTo(token);
        assertThat(RefreshTokens.hash(token)).isNotEqualTo(RefreshTokens.hash(RefreshTokens.generate()));
    }

    @Test
    void the_hash_is_sha256_in_base64url() {
        // SHA-256("abc"), a published test vector.
        assertThat(RefreshTokens.hash("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }
}
