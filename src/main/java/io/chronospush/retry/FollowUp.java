package io.chronospush.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.address.NotificationTarget;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.transport.PushOutcome;

/**
 * Carries out what an attempt's {@link RetryDecision} says: counts the notifications sent, puts
 * those to try again on the queue of their delay (one mail for all the users of a mail, see
 * {@link RetryQueues}), and sends those given up on to the {@link DeadLetters}.
 */
public final class FollowUp {
    private static final Logger LOGGER = LoggerFactory.getLogger(FollowUp.class);
    private static final String CIRCUIT_OPEN = "not tried: the circuit is open";

    private final RetryQueues queues;
    private final RetryPolicy policy;
    private final DeadLetters deadLetters;
    private final PushMetrics metrics;
    private final Clock clock;

    public FollowUp(RetryQueues queues, RetryPolicy policy, DeadLetters deadLetters, PushMetrics metrics, Clock clock) {
        this.queues = queues;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * After the attempt {@code tried} records ({@link PendingNotification#attempted()}): each of
     * its targets came to the matching one of {@code outcomes}.
     *
     * @return false when notifications to try again could not be queued: the caller must keep them
     */
    public boolean after(PendingNotification tried, List<PushOutcome> outcomes) {
        RetryDecision decision = RetryDecision.after(tried.attempts(), tried.targets(), outcomes, policy);
        decision.accepted().forEach(target -> {
            metrics.sent();
            if (tried.attempts() > 1) {
                LOGGER.info("Chronos push for {} accepted at attempt {}", target, tried.attempts());
            }
        });
        decision.givenUp().forEach(givenUp -> deadLetters.send(tried, givenUp.target(), givenUp.reason()));
        if (decision.retried().isEmpty()) {
            return true;
        }
        String reason = decision.retryReason().orElseThrow();
        try {
            PendingNotification again = tried.failed(decision.retried(), reason, clock.instant(), decision.delay());
            queues.forDelay(decision.delay()).enQueue(PendingNotificationCodec.toMail(again), decision.delay());
            for (int i = 0; i < decision.retried().size(); i++) {
                metrics.retried();
                LOGGER.warn("Chronos push for {}: attempt {} failed ({}); retry {} of {} in {} s (queued as {})",
                    decision.retried().get(i), tried.attempts(), decision.retriedOutcomes().get(i), tried.attempts(),
                    policy.maxRetries(), decision.delay().toSeconds(), again.name());
            }
            return true;
        } catch (Exception e) {
            LOGGER.error("Chronos push for {}: attempt {} failed ({}) and could not be queued for a retry: {}",
                decision.retried(), tried.attempts(), reason, e.toString());
            return false;
        }
    }

    /** The circuit is open: the notifications go to the queue without an inline attempt, due at once. */
    public void withoutAttempt(PendingNotification pending) {
        List<NotificationTarget> targets = pending.targets();
        try {
            queues.dueNow().enQueue(PendingNotificationCodec.toMail(pending.failed(targets, CIRCUIT_OPEN, clock.instant(), Duration.ZERO)));
            targets.forEach(target -> metrics.retried());
            LOGGER.debug("Chronos push for {}: circuit open, queued without an inline attempt as {}", targets, pending.name());
        } catch (Exception e) {
            LOGGER.error("Chronos push for {}: the circuit is open and the notifications could not be queued: {}", targets, e.toString());
        }
    }
}
