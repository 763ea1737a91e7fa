package io.vestnik.store;

import io.vestnik.domain.Report;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reports of messages, filed by members and resolved by the host. Thread-safe; blocking.
 *
 * <p>One report per reporter and message: filing again returns the first and changes nothing. A
 * new report and its {@code message.reported} webhook event commit in one transaction.
 */
public interface ReportStore {

    record NewReport(long chatId, long seq, long reporterId, String reason, String comment) {}

    /** {@code created} is false when the reporter had already reported the message. */
    record Filed(Report report, boolean created) {}

    /**
     * Files the report with a copy of the message's sender and body as they are now.
     *
     * @return empty, storing nothing, when the chat has no live message {@code seq}
     */
    Optional<Filed> file(NewReport report, Instant now);

    /** Up to {@code limit} reports with id above {@code afterId}, ascending; only open ones, or only resolved ones. */
    List<Report> list(boolean resolved, long afterId, int limit);

    /**
     * Resolves an open report; a resolved one stays as its first resolution left it (idempotent).
     *
     * @return empty for an unknown id
     */
    Optional<Report> resolve(long id, String resolution, String note, Instant now);
}
