package io.chronospush.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.chronospush.address.NotificationTarget;
import io.chronospush.transport.PushOutcome;

/**
 * What follows an attempt, for each of a mail's notifications: done (accepted), another try
 * later, or given up on. A notification is tried again when its outcome is worth it (no answer,
 * 408, 429, 5xx) and {@link RetryPolicy} has a retry left; else it is given up on. Those tried
 * again wait together, for the policy's delay or the longest {@code Retry-After} asked, if later.
 * Decides only: {@link FollowUp} carries the decision out.
 */
public final class RetryDecision {
    /** A notification given up on, and why. */
    public static final class GivenUp {
        private final NotificationTarget target;
        private final String reason;

        GivenUp(NotificationTarget target, String reason) {
            this.target = target;
            this.reason = reason;
        }

        public NotificationTarget target() {
            return target;
        }

        public String reason() {
            return reason;
        }
    }

    private final List<NotificationTarget> accepted;
    private final List<NotificationTarget> retried;
    private final List<PushOutcome> retriedOutcomes;
    private final List<GivenUp> givenUp;
    private final Duration delay;

    private RetryDecision(List<NotificationTarget> accepted, List<NotificationTarget> retried, List<PushOutcome> retriedOutcomes,
                          List<GivenUp> givenUp, Duration delay) {
        this.accepted = List.copyOf(accepted);
        this.retried = List.copyOf(retried);
        this.retriedOutcomes = List.copyOf(retriedOutcomes);
        this.givenUp = List.copyOf(givenUp);
        this.delay = delay;
    }

    /**
     * After attempt number {@code attempts} (the inline one is 1) for each of {@code targets} came
     * to the matching one of {@code outcomes}.
     */
    public static RetryDecision after(int attempts, List<NotificationTarget> targets, List<PushOutcome> outcomes, RetryPolicy policy) {
        if (targets.size() != outcomes.size()) {
            throw new IllegalArgumentException(targets.size() + " targets but " + outcomes.size() + " outcomes");
        }
        List<NotificationTarget> accepted = new ArrayList<>();
        List<NotificationTarget> retried = new ArrayList<>();
        List<PushOutcome> retriedOutcomes = new ArrayList<>();
        List<GivenUp> givenUp = new ArrayList<>();
        Duration delay = policy.delayBefore(attempts);
        for (int i = 0; i < targets.size(); i++) {
            PushOutcome outcome = outcomes.get(i);
            if (outcome.isAccepted()) {
                accepted.add(targets.get(i));
            } else if (outcome.isRetryable() && attempts <= policy.maxRetries()) {
                retried.add(targets.get(i));
                retriedOutcomes.add(outcome);
                delay = later(delay, outcome.retryAfter());
            } else {
                givenUp.add(new GivenUp(targets.get(i), outcome.description()));
            }
        }
        return new RetryDecision(accepted, retried, retriedOutcomes, givenUp, delay);
    }

    private static Duration later(Duration planned, Optional<Duration> asked) {
        return asked.filter(wait -> wait.compareTo(planned) > 0).orElse(planned);
    }

    public List<NotificationTarget> accepted() {
        return accepted;
    }

    /** The notifications to try again, in the order of the targets. */
    public List<NotificationTarget> retried() {
        return retried;
    }

    /** What each of {@link #retried()} came to. */
    public List<PushOutcome> retriedOutcomes() {
        return retriedOutcomes;
    }

    public List<GivenUp> givenUp() {
        return givenUp;
    }

    /** How long those tried again wait. */
    public Duration delay() {
        return delay;
    }

    /** Why they are tried again: the first of their failures. */
    public Optional<String> retryReason() {
        return retriedOutcomes.stream().findFirst().map(PushOutcome::description);
    }
}
