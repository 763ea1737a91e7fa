package io.vestnik.ratelimit;

import java.time.Duration;

/**
 * A token bucket: {@code perPeriod} tokens refill evenly over {@code period}, up to
 * {@code perPeriod + burst}. Exceeding it blocks the key for {@code block}.
 */
public record Limit(String name, long perPeriod, Duration period, long burst, Duration block) {
    private static final Duration BLOCK = Duration.ofSeconds(30);

    /** Sign-in attempts per client address. */
    public static final Limit AUTH = new Limit("auth", 10, Duration.ofMinutes(5), 0, BLOCK);
    /** WebSocket upgrades per client address. */
    public static final Limit CONNECT = new Limit("connect", 30, Duration.ofMinutes(1), 0, BLOCK);
    /** Messages sent over one connection. */
    public static final Limit SEND_PER_CONNECTION = new Limit("send_connection", 20, Duration.ofMinutes(1), 5, BLOCK);
    /** Messages sent by one user, across all their devices and HTTP. */
    public static final Limit SEND_PER_USER = new Limit("send_user", 50, Duration.ofMinutes(1), 10, BLOCK);
    /** Frames of any kind but pings on one connection; exceeding it is flooding and closes the socket. */
    public static final Limit FRAMES = new Limit("frames", 600, Duration.ofMinutes(1), 60, Duration.ZERO);

    // A signed-in user's HTTP changes (beyond R21), each sized well above what a real client does.
    /** Chats one user creates: each may add up to a thousand members and notify them all. */
    public static final Limit CHATS = new Limit("chats_user", 30, Duration.ofMinutes(1), 10, BLOCK);
    /** Files one user uploads: each may be as large as {@code VESTNIK_MAX_ATTACHMENT_BYTES}. */
    public static final Limit UPLOADS = new Limit("uploads_user", 30, Duration.ofMinutes(1), 20, BLOCK);
    /**
     * Refreshes of one user's sessions, counted before the token is checked: a client refreshes
     * every few minutes per device, so this only stops a loop or a replayed stolen token.
     */
    public static final Limit REFRESH = new Limit("refresh_user", 30, Duration.ofMinutes(1), 10, BLOCK);
    /**
     * Every other change one user makes over HTTP (edits, deletes, members, pins, read positions,
     * typing, tickets, sessions): five a second, with a minute's burst on top.
     */
    public static final Limit WRITES = new Limit("writes_user", 300, Duration.ofMinutes(1), 60, BLOCK);
    /** Searches one user runs: each reads an index over all their chats; two a second, with a burst for paging. */
    public static final Limit SEARCH = new Limit("search_user", 120, Duration.ofMinutes(1), 30, BLOCK);
    /**
     * Reports of messages one user files: each lands in the host's moderation queue and webhook, so
     * a few a minute is plenty for a person and stops a flood.
     */
    public static final Limit REPORTS = new Limit("reports_user", 10, Duration.ofMinutes(1), 5, BLOCK);
    /**
     * Server-API calls made with one service key: the host's servers act for many users at once,
     * so a hundred a second, with a minute's burst on top.
     */
    public static final Limit SERVER = new Limit("server_key", 6000, Duration.ofMinutes(1), 1000, BLOCK);
    /**
     * Typing indicators one user announces in one chat, over any transport: a change fans out to
     * every member, so about one a second after a short burst. Past it a change is dropped, not
     * refused: the indicator is best effort and clears itself.
     */
    public static final Limit TYPING = new Limit("typing", 1, Duration.ofSeconds(1), 4, Duration.ZERO);

    /**
     * Every limit whose refusals are counted ({@code vestnik_rate_limit_violations_total}); typing
     * changes past {@link #TYPING} are dropped, not refused.
     */
    public static final java.util.List<Limit> REFUSING = java.util.List.of(
            AUTH, CONNECT, SEND_PER_CONNECTION, SEND_PER_USER, FRAMES, CHATS, UPLOADS, REFRESH, WRITES, REPORTS, SERVER);

    public long capacity() {
        return perPeriod + burst;
    }
}
