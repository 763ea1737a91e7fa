package io.vestnik.auth;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Hashes and checks passwords with Argon2id, as standard {@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}
 * strings. Thread-safe.
 *
 * <p>Every call is <b>blocking and slow on purpose</b> (about 0.2 s with {@link #owasp()}
 * parameters): never call it on an event loop; use a virtual thread or a worker pool.
 */
public final class PasswordHasher {

    /** Argon2id cost: memory in KiB, iterations, lanes. */
    public record Parameters(int memoryKib, int iterations, int parallelism) {}

    /** OWASP's recommended minimum for Argon2id (m=19 MiB, t=2, p=1). */
    public static Parameters owasp() {
        return new Parameters(19_456, 2, 1);
    }

    private static final int HASH_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DUMMY_PASSWORD = "vestnik-dummy-password";

    private final Argon2Function function;
    // A real hash with the same cost, so checking against it costs what a real check does.
    private final String dummyHash;

    public PasswordHasher(Parameters parameters) {
        this.function = Argon2Function.getInstance(parameters.memoryKib(), parameters.iterations(),
                parameters.parallelism(), HASH_BYTES, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
        this.dummyHash = hash(DUMMY_PASSWORD);
    }

    /** A fresh salted hash of the password, with this hasher's parameters. */
    public String hash(String password) {
        // Our own 16-byte salt (RFC 9106's recommendation): password4j would otherwise read its
        // salt length from a properties file and warn on every hash that there is none.
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return function.hash(password.getBytes(StandardCharsets.UTF_8), salt).getResult();
    }

    /**
     * Whether the password matches the hash. The cost is read from the hash itself, so hashes
     * made with older parameters still verify. A malformed hash never matches.
     */
    public boolean verify(String password, String hash) {
        try {
            return Argon2Function.getInstanceFromHash(hash).check(password, hash);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /**
     * Spends the time of one {@link #verify} and returns false. Call it when the username is
     * unknown, so that a login for a missing account takes as long as a wrong password and
     * timing does not tell which usernames exist.
     */
    public boolean verifyAgainstDummy(String password) {
        verify(password, dummyHash);
        return false;
    }
}
