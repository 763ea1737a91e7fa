package io.vestnik.store.sql;

/** A backup or restore that cannot go ahead; the message says why in a sentence for the operator. */
public final class BackupRefused extends RuntimeException {
    BackupRefused(String message) {
        super(message);
    }

    BackupRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
