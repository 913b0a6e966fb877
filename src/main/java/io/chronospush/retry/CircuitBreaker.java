package io.chronospush.retry;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.transport.PushOutcome;

/**
 * Keeps a failing endpoint from costing delivery time. After {@code threshold} notifications in
 * a row got no answer (or a 408, 429 or 5xx), the circuit opens: new notifications skip their
 * inline attempt and go straight to the retry queue, and retries go one mail at a time, each a
 * probe of the endpoint. The first answer closes the circuit again. A threshold of 0 never opens it.
 */
public final class CircuitBreaker {
    private static final Logger LOGGER = LoggerFactory.getLogger(CircuitBreaker.class);

    /** What a caller got leave to do. */
    public enum Permit {
        /** The circuit is closed: send freely. */
        CLOSED,
        /** The circuit is open and this caller holds its single probe. */
        PROBE
    }

    private final int threshold;
    private int consecutiveFailures;
    private boolean open;
    private boolean probing;
    private boolean stopped;

    public CircuitBreaker(int threshold) {
        this.threshold = threshold;
    }

    public synchronized boolean allowsInlineAttempts() {
        return !open;
    }

    /**
     * Waits until a request may go: at once while the circuit is closed, else until no other
     * probe is in flight.
     *
     * @return the leave, or null when {@link #stop()} was called first
     */
    public synchronized Permit acquire() throws InterruptedException {
        while (!stopped && open && probing) {
            wait();
        }
        if (stopped) {
            return null;
        }
        if (open) {
            probing = true;
            return Permit.PROBE;
        }
        return Permit.CLOSED;
    }

    /** Records what the requests sent with {@code permit}, those of one mail, came to. */
    public synchronized void record(List<PushOutcome> outcomes, Permit permit) {
        if (permit == Permit.PROBE) {
            probing = false;
            notifyAll();
        }
        outcomes.forEach(this::record);
    }

    private void record(PushOutcome outcome) {
        if (!outcome.isRetryable()) {
            consecutiveFailures = 0;
            if (open) {
                open = false;
                LOGGER.info("Chronos push: the endpoint answers again ({}); circuit closed, notifications are sent at once again", outcome);
            }
            return;
        }
        consecutiveFailures++;
        if (!open && threshold > 0 && consecutiveFailures >= threshold) {
            open = true;
            LOGGER.warn("Chronos push: {} failures in a row, the last: {}; circuit open: new notifications go straight to"
                + " the retry queue, and one retry at a time probes the endpoint", consecutiveFailures, outcome);
        }
    }

    /** Wakes and refuses every waiting caller: the mailet is shutting down. */
    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }
}
