package io.vestnik.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PasswordHasherTest {
    // Cheap parameters: the properties under test do not depend on the cost.
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Parameters(1024, 1, 1));

    @Test
    void hashes_are_standard_argon2id_strings() {
        assertThat(hasher.hash("correct horse")).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    }

    @Test
    void owasp_parameters_are_19_mib_two_passes_one_lane() {
        assertThat(PasswordHasher.owasp()).isEqualTo(new PasswordHasher.Parameters(19_456, 2, 1));
        assertThat(new PasswordHasher(PasswordHasher.owasp()).hash("x")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void accepts_the_right_password() {
        assertThat(hasher.verify("correct horse", hasher.hash("correct horse"))).isTrue();
    }

    @Test
    void refuses_a_wrong_password() {
        assertThat(hasher.verify("wrong horse", hasher.hash("correct horse"))).isFalse();
    }

    @Test
    void salts_every_hash() {
        assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
    }

    @Test
    void verifies_hashes_made_with_other_parameters() {
        String old = new PasswordHasher(new PasswordHasher.Parameters(2048, 2, 1)).hash("pw");
        assertThat(hasher.verify("pw", old)).isTrue();
    }

    @Test
    void a_malformed_hash_never_matches() {
        assertThat(hasher.verify("pw", "not a hash")).isFalse();
        assertThat(hasher.verify("pw", "$argon2id$v=19$broken")).isFalse();
    }

    @Test
    void checking_an_unknown_user_always_fails() {
        assertThat(hasher.verifyAgainstDummy("vestnik-dummy-password")).isFalse();
        assertThat(hasher.verifyAgainstDummy("anything")).isFalse();
    }
}
