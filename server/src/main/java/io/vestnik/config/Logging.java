package io.vestnik.config;

import java.util.Locale;
import java.util.Map;

/**
 * How the node logs: {@code VESTNIK_LOG_FORMAT} ({@code text} lines for people, {@code json}: one
 * object per line for collectors) and {@code VESTNIK_LOG_LEVEL} for Vestnik's own loggers.
 */
public record Logging(Format format, Level level) {
    public enum Format { TEXT, JSON }

    /** Logback's level names, most severe first. */
    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    public static final Logging DEFAULT = new Logging(Format.TEXT, Level.INFO);

    /**
     * The level for everyone else's loggers (Netty, Vert.x, drivers): as quiet as Vestnik's when
     * that is quieter than {@code INFO}, never louder, so {@code debug} shows Vestnik's detail
     * without every library's.
     */
    public Level libraryLevel() {
        return level.compareTo(Level.INFO) < 0 ? level : Level.INFO;
    }

    /**
     * What logback.xml reads: set as system properties before the first logger is made, they pick
     * the appender ({@code text} or {@code json}) and the levels.
     */
    public Map<String, String> logbackProperties() {
        return Map.of("vestnik.log.format", format.name().toLowerCase(Locale.ROOT),
                "vestnik.log.level", level.name(),
                "vestnik.log.libraries", libraryLevel().name());
    }
}
