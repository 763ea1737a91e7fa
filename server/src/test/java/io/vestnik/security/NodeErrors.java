package io.vestnik.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every ERROR an in-process node logs while attached: an unhandled exception shows up here even
 * when the client got a proper answer.
 */
final class NodeErrors extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> errors = new ArrayList<>();

    static NodeErrors attach() {
        NodeErrors appender = new NodeErrors();
        appender.setContext(root().getLoggerContext());
        appender.start();
        root().addAppender(appender);
        return appender;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.ERROR)) return;
        String cause = event.getThrowableProxy() == null ? ""
                : " — " + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage();
        errors.add(event.getLoggerName() + ": " + event.getFormattedMessage() + cause);
    }

    /** The errors logged so far, cleared. */
    synchronized List<String> take() {
        List<String> taken = new ArrayList<>(errors);
        errors.clear();
        return taken;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }
}
