package io.chronospush.status;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.ManageableMailQueue;

import io.chronospush.check.CheckedNotification;
import io.chronospush.config.ChronosPushConfiguration;
import io.chronospush.retry.CircuitBreaker;
import io.chronospush.retry.RetryQueues;
import io.chronospush.transport.PushOutcome;

/**
 * A {@code ChronosPushNotification} as {@link PushStatus} knows it, from its {@code init()} to its
 * {@code destroy()}: its configuration, its circuit breaker and its retry queues, read when asked.
 */
public final class RunningMailet {
    private final ChronosPushConfiguration configuration;
    private final CircuitBreaker breaker;
    private final RetryQueues queues;

    public RunningMailet(ChronosPushConfiguration configuration, CircuitBreaker breaker, RetryQueues queues) {
        this.configuration = configuration;
        this.breaker = breaker;
        this.queues = queues;
    }

    /** The mailet now; it counts the mails on each retry queue. */
    public MailetSnapshot snapshot() {
        List<QueueCount> pending = queues.all().stream()
            .map(queue -> new QueueCount(queue.getName().asString(), size(queue)))
            .collect(Collectors.toList());
        return new MailetSnapshot(configuration.endpoint().toString(), configuration.method(), configuration.timeout(),
            configuration.retryPolicy().toString(), configuration.retryQueue().asString(), configuration.failedProcessor(),
            breaker.state(), pending);
    }

    /** Sends {@code notification} once to this mailet's endpoint, with its method, timeout and TLS, as the check tool does. */
    public PushOutcome check(CheckedNotification notification) {
        return notification.sendOnce(configuration.endpoint(), configuration.method(), configuration.timeout(), configuration.tls());
    }

    /** The {@code url}, its password masked. */
    public String endpoint() {
        return configuration.endpoint().toString();
    }

    private static OptionalLong size(MailQueue queue) {
        if (!(queue instanceof ManageableMailQueue)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(((ManageableMailQueue) queue).getSize());
        } catch (MailQueue.MailQueueException | RuntimeException e) {
            // Counting is what failed, not the queue: the answer says "not counted".
            return OptionalLong.empty();
        }
    }
}
