package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.User;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.store.UserStore;
import java.util.List;

/**
 * Finds users to start a chat with, by the start of their display name or username. Never the
 * searcher, never a user who blocks the searcher; only what a chat list shows of a user. Paged
 * by user id. Blocking.
 */
public final class UserSearch {
    static final int MAX_QUERY_CHARS = 100;

    private final UserStore users;

    public UserSearch(UserStore users) {
        this.users = users;
    }

    /** What a search shows of a user. */
    public record Found(long id, String username, String displayName, String avatarUrl, boolean bot) {}

    public record Page(List<Found> users, String nextCursor) {}

    public Page search(Principal caller, String query, String cursor, int limit) {
        String prefix = Check.text(query, "q", MAX_QUERY_CHARS).strip();
        long after = cursor == null || cursor.isEmpty() ? 0 : afterId(cursor);
        List<User> found = users.search(caller.userId(), prefix, after, limit + 1);
        boolean more = found.size() > limit;
        List<User> shown = more ? found.subList(0, limit) : found;
        return new Page(shown.stream().map(u -> new Found(u.id(), u.username(), u.displayName(), u.avatarUrl(), u.bot())).toList(),
                more ? Long.toString(shown.getLast().id()) : null);
    }

    private static long afterId(String cursor) {
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw Problem.invalid("Parameter 'cursor' is not a cursor this server gave out.");
        }
    }
}
