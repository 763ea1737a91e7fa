package io.vestnik.store.sql;

import io.vestnik.domain.Attachment;
import io.vestnik.domain.Session;
import io.vestnik.domain.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** Row mappers and the one time mapping: epoch milliseconds in BIGINT columns. */
final class Rows {
    private Rows() {}

    static final String USER_COLUMNS = "id, username, display_name, external_subject, avatar_url, bot";
    static final String SESSION_COLUMNS =
            "id, user_id, created_at, last_seen_at, expires_at, revoked_at, user_agent, ip";
    static final String ATTACHMENT_COLUMNS = "id, name, size, content_type, sha256";

    static final RowMapper<User> USER = (rs, ctx) ->
            new User(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                    rs.getString("external_subject"), rs.getString("avatar_url"), rs.getBoolean("bot"));

    static final RowMapper<Session> SESSION = (rs, ctx) -> new Session(
            rs.getLong("id"), rs.getLong("user_id"),
            instant(rs, "created_at"), instant(rs, "last_seen_at"), instant(rs, "expires_at"),
            instant(rs, "revoked_at"), rs.getString("user_agent"), rs.getString("ip"));

    static final RowMapper<Attachment> ATTACHMENT = (rs, ctx) -> new Attachment(
            rs.getLong("id"), rs.getString("name"), rs.getLong("size"), rs.getString("content_type"), rs.getString("sha256"),
            null, null);

    static long millis(Instant time) {
        return time.toEpochMilli();
    }

    static Long millisOrNull(Instant time) {
        return time == null ? null : time.toEpochMilli();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Long millis = longOrNull(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * A set of enum values kept in one column as their names between commas. Names this build does
     * not know (written by a newer one) are left out rather than refused.
     */
    static <E extends Enum<E>> Set<E> enumSet(String names, Class<E> type, Function<String, Optional<E>> parse) {
        Set<E> values = EnumSet.noneOf(type);
        Arrays.stream(names.split(",")).map(parse).flatMap(Optional::stream).forEach(values::add);
        return values;
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** The query's rows mapped by {@code value}, grouped by the long in {@code keyColumn}, in row order. */
    static <V> Map<Long, List<V>> grouped(Query query, String keyColumn, RowMapper<V> value) {
        Map<Long, List<V>> groups = new HashMap<>();
        query.map((rs, ctx) -> Map.entry(rs.getLong(keyColumn), value.map(rs, ctx)))
                .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return groups;
    }
}
