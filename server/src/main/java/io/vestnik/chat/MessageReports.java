package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Report;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.store.ReportStore;
import java.time.Clock;

/**
 * Members report messages to the host's moderators ({@code POST /chats/{id}/messages/{seq}/reports}).
 * A report is stored with its {@code message.reported} webhook event; reporting the same message
 * again returns the first report. Blocking (storage): call off the event loop.
 */
public final class MessageReports {
    static final int MAX_COMMENT_CHARS = 1000;

    private final MessageService messages;
    private final ReportStore store;
    private final Clock clock;

    public MessageReports(MessageService messages, ReportStore store, Clock clock) {
        this.messages = messages;
        this.store = store;
        this.clock = clock;
    }

    /** {@code reason}: one of {@link Report#REASONS}; {@code comment}: optional words of the reporter's. */
    public record FileReport(String reason, String comment) {}

    /**
     * Files the caller's report of a live message of a chat they are in, someone else's.
     *
     * @throws Problem not_found for a chat the caller is not in or no such live message; invalid_request for a bad reason, a
     *     long comment, or the caller's own message
     */
    public ReportStore.Filed file(Principal caller, long chatId, long seq, FileReport request) {
        String reason = Check.present(request.reason(), "reason");
        if (!Report.REASONS.contains(reason)) {
            throw Problem.invalid("Field 'reason' must be one of: " + String.join(", ", Report.REASONS) + ".");
        }
        String comment = request.comment() == null || request.comment().isBlank()
                ? null : Check.text(request.comment(), "comment", MAX_COMMENT_CHARS);
        if (messages.live(caller, chatId, seq).senderId() == caller.userId()) {
            throw Problem.invalid("You cannot report your own message.");
        }
        return store.file(new ReportStore.NewReport(chatId, seq, caller.userId(), reason, comment), clock.instant())
                .orElseThrow(() -> Problem.notFound("Message"));
    }
}
