package io.vestnik.store.sql;

import io.vestnik.store.MaintenanceStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Claims over the {@code maintenance_runs} table. One conditional UPDATE decides: PostgreSQL
 * locks the row, so a second node's UPDATE waits, re-reads the row the winner wrote and no
 * longer matches; SQLite has one writer at a time.
 */
final class JdbcMaintenanceStore implements MaintenanceStore {
    private final Db db;

    JdbcMaintenanceStore(Db db) {
        this.db = db;
    }

    @Override
    public boolean claim(String job, Instant now, Duration interval) {
        long at = Rows.millis(now);
        return db.write(h -> h.createUpdate(
                        "UPDATE maintenance_runs SET last_run = :now WHERE job = :job AND last_run <= :due")
                .bind("now", at)
                .bind("job", job)
                .bind("due", at - interval.toMillis())
                .execute()) == 1;
    }
}
