package io.vestnik.auth;

import io.vestnik.config.Config;
import io.vestnik.store.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The node's signing secret, and keys derived from it. Blocking (file I/O): call at start-up.
 */
public final class Secrets {
    static final String FILE_NAME = "secret.key";
    private static final int SECRET_BYTES = 32;

    private Secrets() {}

    /**
     * {@code VESTNIK_JWT_SECRET} when set; otherwise the secret in {@code secret.key} under the data
     * directory, created (random, owner-only) on first start. Persisting it lets access tokens and
     * tickets survive a restart of a single node. Several nodes must share {@code VESTNIK_JWT_SECRET}.
     */
    public static byte[] jwtSecret(Config config) {
        if (config.jwtSecret() != null) return config.jwtSecret().getBytes(StandardCharsets.UTF_8);
        return loadOrCreate(config.dataDir().resolve(FILE_NAME));
    }

    /** Reads the base64url secret in {@code file}, or writes a new one there with mode 0600. */
    public static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            byte[] secret = Base64.getUrlDecoder().decode(Files.readString(file).strip());
            if (secret.length < SECRET_BYTES) {
                throw new IllegalStateException(file + " holds fewer than " + SECRET_BYTES + " bytes.");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        // On PostgreSQL nothing else creates the data directory; it must not be readable by others either.
        DataDirectory.createOwnerOnly(file.toAbsolutePath().getParent());
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        // Written aside and moved in, so a reader never sees half a key; created 0600 so the key
        // is never readable by others, not even for a moment.
        Path temp = file.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        try {
            Files.move(temp, file);
        } catch (FileAlreadyExistsException anotherProcessWon) {
            Files.delete(temp);
        }
    }

    /**
     * A key for one purpose, derived from {@code master} as HMAC-SHA256(master, label) (the expand
     * step of HKDF, one block). Different labels give unrelated keys, so a signature made for one
     * use can never be replayed in another.
     */
    public static byte[] derive(byte[] master, String label) {
        return hmacSha256(master, label.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JVM has HmacSHA256", e);
        }
    }
}
