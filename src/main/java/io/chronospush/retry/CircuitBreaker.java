package io.chronospush.retry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.transport.PushOutcome;

/**
 * Keeps a failing endpoint from costing delivery time. After {@code threshold} notifications in
 * a row got no answer (or a 408, 429 or 5xx), the circuit opens: new notifications skip their
 * inline attempt and go straight to the retry queue, and retries go one mail at a time, each a
 * probe of the endpoint. The first answer closes the circuit again. A threshold of 0 never opens it.
 *
 * <p>It also keeps what an operator asks about ({@link #state()}): whether it is open, how many
 * attempts in a row failed, and the last failure, whose description is already fit for a log
 * ({@link PushOutcome}, quoted through the endpoint's {@code UntrustedText}).
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
    private final Clock clock;
    private int consecutiveFailures;
    private int attemptsFailedInARow;
    private Optional<Failure> lastFailure = Optional.empty();
    private boolean open;
    private boolean probing;
    private boolean stopped;

    public CircuitBreaker(int threshold) {
        this(threshold, Clock.systemUTC());
    }

    /** @param clock when a failure happened, for {@link State#lastFailure()} */
    public CircuitBreaker(int threshold, Clock clock) {
        this.threshold = threshold;
        this.clock = clock;
    }

    /** What the breaker has seen so far, as a value. */
    public synchronized State state() {
        return new State(open, threshold, attemptsFailedInARow, lastFailure);
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
        if (outcome.isAccepted()) {
            attemptsFailedInARow = 0;
        } else {
            attemptsFailedInARow++;
            lastFailure = Optional.of(new Failure(clock.instant(), outcome.description()));
        }
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

    /** One failed attempt: when, and what it came to. */
    public static final class Failure {
        private final Instant at;
        private final String reason;

        Failure(Instant at, String reason) {
            this.at = at;
            this.reason = reason;
        }

        public Instant at() {
            return at;
        }

        /** The outcome's description: the endpoint's words quoted without the URL's secrets. */
        public String reason() {
            return reason;
        }
    }

    /** The breaker at one moment. */
    public static final class State {
        private final boolean open;
        private final int threshold;
        private final int attemptsFailedInARow;
        private final Optional<Failure> lastFailure;

        State(boolean open, int threshold, int attemptsFailedInARow, Optional<Failure> lastFailure) {
            this.open = open;
            this.threshold = threshold;
            this.attemptsFailedInARow = attemptsFailedInARow;
            this.lastFailure = lastFailure;
        }

        public boolean isOpen() {
            return open;
        }

        /** The {@code circuitBreakerThreshold}: 0 when the breaker is off. */
        public int threshold() {
            return threshold;
        }

        /** Attempts that failed since the last accepted one, whatever their failure: a 401 counts too. */
        public int attemptsFailedInARow() {
            return attemptsFailedInARow;
        }

        public Optional<Failure> lastFailure() {
            return lastFailure;
        }
    }
}
