package io.vestnik.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests run in (deploy/, docs/, bin/), found from any module's folder. */
public final class Repository {
    private Repository() {}

    /** The nearest folder above the working directory that holds deploy/nginx.conf. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/nginx.conf"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("deploy/nginx.conf not found above " + Path.of("").toAbsolutePath());
        return dir;
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }
}
