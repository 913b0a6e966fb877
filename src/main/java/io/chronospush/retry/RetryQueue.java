package io.chronospush.retry;

import java.time.Duration;

import org.apache.james.queue.api.MailQueue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.address.NotificationTarget;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.transport.PushOutcome;

/**
 * Decides what follows an attempt: done, another try later on the James mail queue, or the dead
 * letters. The first attempt is the mailet's inline one; {@link RetryPolicy} says how many
 * retries follow and when.
 */
public final class RetryQueue {
    private static final Logger LOGGER = LoggerFactory.getLogger(RetryQueue.class);

    /** Builds the queued form of a notification only when it is needed. */
    @FunctionalInterface
    public interface PendingMail {
        Mail get() throws Exception;
    }

    private final MailQueue queue;
    private final RetryPolicy policy;
    private final DeadLetters deadLetters;
    private final PushMetrics metrics;
    private final String endpoint;

    public RetryQueue(MailQueue queue, RetryPolicy policy, DeadLetters deadLetters, PushMetrics metrics, String endpoint) {
        this.queue = queue;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    public MailQueue queue() {
        return queue;
    }

    /** After attempt number {@code attempts} for {@code target} came to {@code outcome}. */
    public void afterAttempt(NotificationTarget target, int attempts, PushOutcome outcome, PendingMail pending) {
        if (outcome.isAccepted()) {
            metrics.sent();
            return;
        }
        try {
            if (!outcome.isRetryable() || attempts > policy.maxRetries()) {
                deadLetters.send(pending.get(), attempts, outcome.description());
                return;
            }
            Duration delay = later(policy.delayBefore(attempts), outcome);
            Mail mail = pending.get();
            PendingNotification.failed(mail, attempts, outcome.description());
            queue.enQueue(mail, delay);
            metrics.retried();
            LOGGER.warn("Chronos push for {} to {}: attempt {} failed ({}); retry {} of {} in {} s", target, endpoint, attempts,
                outcome, attempts, policy.maxRetries(), delay.toSeconds());
        } catch (Exception e) {
            LOGGER.error("Chronos push for {} to {}: attempt {} failed ({}) and the notification could not be queued for a retry: {}",
                target, endpoint, attempts, outcome, e.toString());
        }
    }

    /** The circuit is open: the notification goes to the queue without an inline attempt. */
    public void withoutAttempt(NotificationTarget target, PendingMail pending) {
        try {
            queue.enQueue(pending.get());
            metrics.retried();
            LOGGER.debug("Chronos push for {}: circuit open, queued without an inline attempt", target);
        } catch (Exception e) {
            LOGGER.error("Chronos push for {} to {}: the circuit is open and the notification could not be queued: {}",
                target, endpoint, e.toString());
        }
    }

    /** Put back as it is, for a later try that does not count: the mailet is shutting down. */
    public void putBack(Mail mail) {
        try {
            queue.enQueue(mail);
        } catch (Exception e) {
            LOGGER.error("Chronos push: notification {} could not be put back on the retry queue: {}", mail.getName(), e.toString());
        }
    }

    private static Duration later(Duration planned, PushOutcome outcome) {
        return outcome.retryAfter().filter(asked -> asked.compareTo(planned) > 0).orElse(planned);
    }
}
