package io.vestnik.logging;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Prints logback's own errors (a broken configuration) to stderr and nothing else. Without a
 * listener logback prints its whole start-up report whenever it has a warning, and logback.xml
 * always has one: the appender of the format not chosen is left unused on purpose.
 */
public final class ErrorsOnlyStatusListener extends ContextAwareBase implements StatusListener, LifeCycle {
    private volatile boolean started;

    @Override
    public void addStatusEvent(Status status) {
        if (started && status.getEffectiveLevel() >= Status.ERROR) System.err.println("logback: " + status);
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }
}
