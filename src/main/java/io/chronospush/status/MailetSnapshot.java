package io.chronospush.status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.chronospush.retry.CircuitBreaker;

/** One running {@code ChronosPushNotification} at one moment: its settings, without secrets, its circuit and its retry queues. */
public final class MailetSnapshot {
    private final String endpoint;
    private final String method;
    private final Duration timeout;
    private final String retryPolicy;
    private final String retryQueue;
    private final Optional<String> failedProcessor;
    private final CircuitBreaker.State circuit;
    private final List<QueueCount> pending;

    MailetSnapshot(String endpoint, String method, Duration timeout, String retryPolicy, String retryQueue, Optional<String> failedProcessor,
                   CircuitBreaker.State circuit, List<QueueCount> pending) {
        this.endpoint = endpoint;
        this.method = method;
        this.timeout = timeout;
        this.retryPolicy = retryPolicy;
        this.retryQueue = retryQueue;
        this.failedProcessor = failedProcessor;
        this.circuit = circuit;
        this.pending = List.copyOf(pending);
    }

    /** The {@code url}, its password masked. */
    public String endpoint() {
        return endpoint;
    }

    public String method() {
        return method;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The retries after a failed attempt, as the start-up line says them. */
    public String retryPolicy() {
        return retryPolicy;
    }

    /** The {@code retryQueue}: the base name of the queues retries wait on. */
    public String retryQueue() {
        return retryQueue;
    }

    public Optional<String> failedProcessor() {
        return failedProcessor;
    }

    public CircuitBreaker.State circuit() {
        return circuit;
    }

    /** Each retry queue, the one for notifications due at once first. */
    public List<QueueCount> pending() {
        return pending;
    }

    /** The mails waiting on the queues that can be counted. */
    public long countedPending() {
        return pending.stream().map(QueueCount::pending).filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).sum();
    }
}
