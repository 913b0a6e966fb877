package io.chronospush.status;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.chronospush.config.ChronosPushConfiguration;
import io.chronospush.retry.CircuitBreaker;

/**
 * What {@code ChronosPushHealthCheck} answers, decided from the running mailets: healthy while
 * notifications are accepted; degraded while a mailet's circuit is open or its last N attempts
 * failed (N its {@code circuitBreakerThreshold}, or {@value #FAILURES_WITHOUT_BREAKER} when that
 * is 0), with a cause that names the masked endpoint and the last failure; unhealthy when no
 * mailet runs, since then no notification is sent at all.
 */
public final class Health {
    /** The failed attempts in a row that make a mailet without circuit breaker degraded. */
    static final int FAILURES_WITHOUT_BREAKER = 5;
    static final String NO_MAILET = "no " + ChronosPushConfiguration.MAILET_NAME + " mailet is running: add it to mailetcontainer.xml"
        + " (see the README), or remove io.chronospush.ChronosPushHealthCheck from healthcheck.properties";

    /** As James's health checks have it. */
    public enum Level {
        HEALTHY, DEGRADED, UNHEALTHY
    }

    private final Level level;
    private final Optional<String> cause;

    private Health(Level level, Optional<String> cause) {
        this.level = level;
        this.cause = cause;
    }

    public static Health of(List<MailetSnapshot> mailets) {
        if (mailets.isEmpty()) {
            return new Health(Level.UNHEALTHY, Optional.of(NO_MAILET));
        }
        List<String> failing = mailets.stream()
            .filter(Health::failing)
            .map(Health::cause)
            .collect(Collectors.toList());
        if (failing.isEmpty()) {
            return new Health(Level.HEALTHY, Optional.empty());
        }
        return new Health(Level.DEGRADED, Optional.of(String.join("; ", failing)));
    }

    private static boolean failing(MailetSnapshot mailet) {
        CircuitBreaker.State circuit = mailet.circuit();
        int limit = circuit.threshold() > 0 ? circuit.threshold() : FAILURES_WITHOUT_BREAKER;
        return circuit.isOpen() || circuit.attemptsFailedInARow() >= limit;
    }

    /** "notifications to URL fail: circuit open, 6 attempts in a row failed, the last at T: REASON". */
    private static String cause(MailetSnapshot mailet) {
        CircuitBreaker.State circuit = mailet.circuit();
        return "notifications to " + mailet.endpoint() + " fail: " + (circuit.isOpen() ? "circuit open, " : "")
            + circuit.attemptsFailedInARow() + " attempts in a row failed"
            + circuit.lastFailure().map(failure -> ", the last at " + failure.at() + ": " + failure.reason()).orElse("");
    }

    public Level level() {
        return level;
    }

    /** Why it is not healthy. */
    public Optional<String> cause() {
        return cause;
    }

    @Override
    public String toString() {
        return level + cause.map(why -> ": " + why).orElse("");
    }
}
