package io.chronospush.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
 * retries follow and when. The users of one mail that need a retry wait together, in one queued
 * mail that carries the message once.
 */
public final class RetryQueue {
    private static final Logger LOGGER = LoggerFactory.getLogger(RetryQueue.class);

    /** Builds the queued form of a mail's notifications, for the given users, only when it is needed. */
    @FunctionalInterface
    public interface PendingMail {
        Mail get(List<NotificationTarget> targets) throws Exception;
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

    /**
     * After attempt number {@code attempts} for each of {@code targets} came to the matching one of {@code outcomes}.
     *
     * @return false when a notification that needs a retry could not be queued: the caller must keep it
     */
    public boolean afterAttempt(List<NotificationTarget> targets, int attempts, List<PushOutcome> outcomes, PendingMail pending) {
        List<NotificationTarget> again = new ArrayList<>();
        Duration delay = policy.delayBefore(attempts);
        String reason = null;
        Mail mail = null;
        try {
            for (int i = 0; i < targets.size(); i++) {
                NotificationTarget target = targets.get(i);
                PushOutcome outcome = outcomes.get(i);
                if (outcome.isAccepted()) {
                    metrics.sent();
                } else if (outcome.isRetryable() && attempts <= policy.maxRetries()) {
                    again.add(target);
                    delay = later(delay, outcome);
                    reason = reason == null ? outcome.description() : reason;
                } else {
                    mail = mail == null ? pending.get(targets) : mail;
                    deadLetters.send(PendingNotification.deadLetter(mail, target, attempts, outcome.description()), target, attempts,
                        outcome.description());
                }
            }
            if (again.isEmpty()) {
                return true;
            }
            mail = mail == null ? pending.get(again) : mail;
            PendingNotification.retain(mail, again);
            PendingNotification.failed(mail, attempts, reason, delay);
            queue.enQueue(mail, delay);
            for (int i = 0; i < targets.size(); i++) {
                if (again.contains(targets.get(i))) {
                    metrics.retried();
                    LOGGER.warn("Chronos push for {} to {}: attempt {} failed ({}); retry {} of {} in {} s (queued as {})", targets.get(i),
                        endpoint, attempts, outcomes.get(i), attempts, policy.maxRetries(), delay.toSeconds(), mail.getName());
                }
            }
            return true;
        } catch (Exception e) {
            LOGGER.error("Chronos push for {} to {}: attempt {} failed for {} and could not be queued for a retry: {}",
                again, endpoint, attempts, reason, e.toString());
            return false;
        }
    }

    /** The circuit is open: the notifications go to the queue without an inline attempt. */
    public void withoutAttempt(List<NotificationTarget> targets, PendingMail pending) {
        try {
            Mail mail = pending.get(targets);
            queue.enQueue(mail);
            targets.forEach(target -> metrics.retried());
            LOGGER.debug("Chronos push for {}: circuit open, queued without an inline attempt as {}", targets, mail.getName());
        } catch (Exception e) {
            LOGGER.error("Chronos push for {} to {}: the circuit is open and the notifications could not be queued: {}",
                targets, endpoint, e.toString());
        }
    }

    /** Put back as it is, due when it was: it came off the queue too early. */
    public void putBack(Mail mail, Duration due) throws Exception {
        queue.enQueue(mail, due);
    }

    private static Duration later(Duration planned, PushOutcome outcome) {
        return outcome.retryAfter().filter(asked -> asked.compareTo(planned) > 0).orElse(planned);
    }
}
