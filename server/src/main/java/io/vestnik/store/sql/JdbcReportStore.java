package io.vestnik.store.sql;

import io.vestnik.domain.EventType;
import io.vestnik.domain.Report;
import io.vestnik.store.ReportStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link ReportStore} over SQL: the unique (chat, seq, reporter) key makes a repeated report a no-op. */
final class JdbcReportStore implements ReportStore {
    private static final String SELECT = """
            SELECT r.*, s.external_subject AS sender_external_id, p.external_subject AS reporter_external_id
            FROM message_reports r JOIN users s ON s.id = r.sender_id JOIN users p ON p.id = r.reporter_id""";

    private static final RowMapper<Report> REPORT = (rs, ctx) -> new Report(rs.getLong("id"), rs.getLong("chat_id"),
            rs.getLong("seq"), rs.getLong("sender_id"), rs.getString("sender_external_id"), rs.getLong("reporter_id"),
            rs.getString("reporter_external_id"), rs.getString("reason"), rs.getString("comment"), rs.getString("body"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "resolved_at"), rs.getString("resolution"),
            rs.getString("resolution_note"));

    private final Db db;

    JdbcReportStore(Db db) {
        this.db = db;
    }

    @Override
    public Optional<Filed> file(NewReport report, Instant now) {
        return db.write(h -> inserted(h, report, now)
                .map(id -> {
                    Report filed = byId(h, id).orElseThrow();
                    Outbox.record(h, EventType.MESSAGE_REPORTED, Outbox.chat(report.chatId()),
                            Map.of("chat_id", report.chatId(), "report", filed), now);
                    return Optional.of(new Filed(filed, true));
                })
                .orElseGet(() -> earlier(h, report).map(r -> new Filed(r, false))));
    }

    /** The new report's id; empty when the message is not live or the reporter already reported it. */
    private static Optional<Long> inserted(Handle h, NewReport report, Instant now) {
        return h.createQuery("""
                        INSERT INTO message_reports (chat_id, seq, sender_id, reporter_id, reason, comment, body, created_at)
                        SELECT chat_id, seq, sender_id, :reporter, :reason, :comment, body, :now
                        FROM messages WHERE chat_id = :chat AND seq = :seq AND deleted = FALSE
                        ON CONFLICT (chat_id, seq, reporter_id) DO NOTHING
                        RETURNING id""")
                .bind("chat", report.chatId())
                .bind("seq", report.seq())
                .bind("reporter", report.reporterId())
                .bind("reason", report.reason())
                .bind("comment", report.comment())
                .bind("now", Rows.millis(now))
                .mapTo(Long.class)
                .findOne();
    }

    private static Optional<Report> earlier(Handle h, NewReport report) {
        return h.createQuery(SELECT + " WHERE r.chat_id = :chat AND r.seq = :seq AND r.reporter_id = :reporter")
                .bind("chat", report.chatId())
                .bind("seq", report.seq())
                .bind("reporter", report.reporterId())
                .map(REPORT)
                .findOne();
    }

    private static Optional<Report> byId(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE r.id = :id").bind("id", id).map(REPORT).findOne();
    }

    @Override
    public List<Report> list(boolean resolved, long afterId, int limit) {
        return db.read(h -> h.createQuery(SELECT + " WHERE (r.resolved_at IS NOT NULL) = :resolved AND r.id > :after"
                        + " ORDER BY r.id LIMIT :limit")
                .bind("resolved", resolved)
                .bind("after", afterId)
                .bind("limit", limit)
                .map(REPORT)
                .list());
    }

    @Override
    public Optional<Report> resolve(long id, String resolution, String note, Instant now) {
        return db.write(h -> {
            h.createUpdate("""
                            UPDATE message_reports SET resolved_at = :now, resolution = :resolution, resolution_note = :note
                            WHERE id = :id AND resolved_at IS NULL""")
                    .bind("now", Rows.millis(now))
                    .bind("resolution", resolution)
                    .bind("note", note)
                    .bind("id", id)
                    .execute();
            return byId(h, id);
        });
    }
}
