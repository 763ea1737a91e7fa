package io.vestnik.host;

import io.vestnik.domain.Report;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.store.ReportStore;
import java.time.Clock;
import java.util.List;

/**
 * Reports of messages for the host's moderators (server API, scope {@code moderation}): listed
 * oldest first, open or resolved, and resolved once. Acting on a report (deleting the message,
 * muting or blocking its sender) is the host's choice, through the moderation routes. Blocking.
 */
public final class HostReports {
    static final int MAX_NOTE_CHARS = 1000;

    private final ReportStore store;
    private final Clock clock;

    public HostReports(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public record Resolve(String resolution, String note) {}

    /** A page of reports; {@code nextCursor} (the last id) is null on the last page. */
    public record Page(List<Report> reports, String nextCursor) {}

    /** {@code GET /api/v1/server/reports?status=open|resolved&cursor=&limit=}. */
    public Page list(String status, String cursor, int limit) {
        boolean resolved = switch (status == null ? "open" : status) {
            case "open" -> false;
            case "resolved" -> true;
            default -> throw Problem.invalid("Parameter 'status' must be 'open' or 'resolved'.");
        };
        long after = cursor == null || cursor.isEmpty() ? 0 : Check.number(cursor, "cursor");
        List<Report> page = store.list(resolved, after, limit + 1);
        boolean more = page.size() > limit;
        List<Report> shown = more ? page.subList(0, limit) : page;
        return new Page(shown, more ? Long.toString(shown.getLast().id()) : null);
    }

    /** {@code POST /api/v1/server/reports/{id}/resolve}: idempotent; a resolved report keeps its first resolution. */
    public Report resolve(long id, Resolve request) {
        String resolution = Check.present(request.resolution(), "resolution");
        if (!Report.RESOLUTIONS.contains(resolution)) {
            throw Problem.invalid("Field 'resolution' must be one of: " + String.join(", ", Report.RESOLUTIONS) + ".");
        }
        String note = request.note() == null ? null : Check.text(request.note(), "note", MAX_NOTE_CHARS);
        return store.resolve(id, resolution, note, clock.instant()).orElseThrow(() -> Problem.notFound("Report"));
    }
}
