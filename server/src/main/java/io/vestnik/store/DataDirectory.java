package io.vestnik.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data directory holds the database (SQLite) and the node's secret key, so one created here is
 * the server user's alone. Blocking (file I/O): call at start-up.
 */
public final class DataDirectory {
    private DataDirectory() {}

    /**
     * Creates {@code dir} (and missing parents) {@code 0700} where the file system has POSIX
     * permissions. A directory that exists is left as it is: its mode is the operator's choice.
     */
    public static void createOwnerOnly(Path dir) throws IOException {
        if (Files.exists(dir)) return;
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir);
            return;
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
