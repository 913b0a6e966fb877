package io.chronospush.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.metrics.PushMetrics;
import io.chronospush.transport.PushOutcome;

/**
 * Carries out what an attempt's {@link RetryDecision} says: counts the notifications sent, puts
 * those to try again on the queue of their delay (one mail for all the users of a mail, see
 * {@link RetryQueues}), and sends those given up on to the {@link DeadLetters}. Retries of the
 * inline attempt that the queue does not take at once wait in memory for it ({@link UnqueuedRetries}).
 */
public final class FollowUp implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(FollowUp.class);
    private static final String CIRCUIT_OPEN = "not tried: the circuit is open";

    private final RetryQueues queues;
    private final RetryPolicy policy;
    private final DeadLetters deadLetters;
    private final PushMetrics metrics;
    private final Clock clock;
    private final UnqueuedRetries unqueued;

    public FollowUp(RetryQueues queues, RetryPolicy policy, DeadLetters deadLetters, PushMetrics metrics, Clock clock) {
        this.queues = queues;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
        this.unqueued = new UnqueuedRetries(this::enqueue, this::giveUp, clock);
    }

    /**
     * After a retry taken from a queue, {@code tried} ({@link PendingNotification#attempted()}):
     * each of its targets came to the matching one of {@code outcomes}.
     *
     * @return false when notifications to try again could not be queued: the caller must keep
     *         them, as the delivery they came in stays on its queue
     */
    public boolean after(PendingNotification tried, List<PushOutcome> outcomes) {
        return carryOut(tried, outcomes, (again, delay, failure) -> {
            LOGGER.error("Chronos push for {}: attempt {} failed ({}) and the retry could not be queued ({}); it stays on its queue",
                again.targets(), tried.attempts(), again.lastFailure().orElseThrow(), failure.toString());
            return false;
        });
    }

    /**
     * After the inline attempt of a delivered mail's notifications, {@code tried}: what its queue
     * does not take at once waits in memory for it ({@link UnqueuedRetries}).
     */
    public void afterFirstAttempt(PendingNotification tried, List<PushOutcome> outcomes) {
        carryOut(tried, outcomes, (again, delay, failure) -> {
            unqueued.keep(again, delay, failure);
            return true;
        });
    }

    private boolean carryOut(PendingNotification tried, List<PushOutcome> outcomes, NotQueued notQueued) {
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
        PendingNotification again = tried.failed(decision.retried(), decision.retryReason().orElseThrow(), clock.instant(), decision.delay());
        try {
            enqueue(again, decision.delay());
        } catch (Exception e) {
            return notQueued.handle(again, decision.delay(), e);
        }
        for (int i = 0; i < decision.retried().size(); i++) {
            LOGGER.warn("Chronos push for {}: attempt {} failed ({}); retry {} of {} in {} s (queued as {})",
                decision.retried().get(i), tried.attempts(), decision.retriedOutcomes().get(i), tried.attempts(),
                policy.maxRetries(), decision.delay().toSeconds(), again.name());
        }
        return true;
    }

    /** The circuit is open: the notifications go to the queue without an inline attempt, due at once. */
    public void withoutAttempt(PendingNotification pending) {
        PendingNotification again = pending.failed(pending.targets(), CIRCUIT_OPEN, clock.instant(), Duration.ZERO);
        try {
            enqueue(again, Duration.ZERO);
            LOGGER.debug("Chronos push for {}: circuit open, queued without an inline attempt as {}", again.targets(), again.name());
        } catch (Exception e) {
            unqueued.keep(again, Duration.ZERO, e);
        }
    }

    /** Puts {@code again} on the queue of {@code delay}, due when it says: later than {@code delay} when it waited to be queued. */
    private void enqueue(PendingNotification again, Duration delay) throws Exception {
        Duration untilDue = again.untilDue(clock.instant());
        queues.forDelay(delay).enQueue(PendingNotificationCodec.toMail(again), untilDue.isNegative() ? Duration.ZERO : untilDue);
        again.targets().forEach(target -> metrics.retried());
    }

    private void giveUp(PendingNotification again, String reason) {
        again.targets().forEach(target -> deadLetters.send(again, target, reason));
    }

    /** Notifications kept in memory until their queue takes them: they get one last offer, then become dead letters. */
    @Override
    public void close() {
        unqueued.close();
    }

    /** What to do with a retry its queue refused; answers what {@link #after} returns. */
    private interface NotQueued {
        boolean handle(PendingNotification again, Duration delay, Exception failure);
    }
}
