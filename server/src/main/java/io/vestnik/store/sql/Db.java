package io.vestnik.store.sql;

import io.vestnik.domain.Change;
import java.util.function.Consumer;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Where the stores run their SQL. Writes run in one transaction each on the writer; reads run
 * without a transaction on the reader. SQLite gives them separate pools (one writer connection,
 * so writers queue in the pool rather than fail with SQLITE_BUSY); PostgreSQL uses one pool for both.
 */
final class Db {
    private final Jdbi reader;
    private final Jdbi writer;
    private final Dialect dialect;
    private volatile Consumer<Change> changeListener = change -> { };

    Db(Jdbi reader, Jdbi writer, Dialect dialect) {
        this.reader = reader;
        this.writer = writer;
        this.dialect = dialect;
    }

    <T> T read(HandleCallback<T, RuntimeException> work) {
        return reader.withHandle(work);
    }

    <T> T write(HandleCallback<T, RuntimeException> work) {
        return writer.inTransaction(work);
    }

    /** See {@link io.vestnik.store.ChangeStore#onCommitted}. */
    void onChangeCommitted(Consumer<Change> listener) {
        changeListener = listener;
    }

    /** A change {@link ChangeLog} wrote has committed. */
    void committed(Change change) {
        changeListener.accept(change);
    }

    Dialect dialect() {
        return dialect;
    }
}
