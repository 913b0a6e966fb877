package io.chronospush.retry;

import static io.chronospush.transport.Outcomes.accepted;
import static io.chronospush.transport.Outcomes.answered;
import static io.chronospush.transport.Outcomes.noAnswer;
import static io.chronospush.transport.Outcomes.retryAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.chronospush.address.NotificationTarget;

class RetryDecisionTest {
    private static final NotificationTarget BOB = new NotificationTarget("bob@example.com", "INBOX", "bob@example.com");
    private static final NotificationTarget ALICE = new NotificationTarget("alice@example.com", "Calendar", "alice@example.com");
    private static final NotificationTarget CAROL = new NotificationTarget("carol@example.com", "INBOX", "carol@example.com");
    /** Two retries: after 10 s, then after 1 min. */
    private static final RetryPolicy POLICY = RetryPolicy.of(Optional.of("10s, 1m"), Optional.empty());

    @Test
    void sortsEachNotificationByItsOutcome() {
        RetryDecision decision = RetryDecision.after(1, List.of(BOB, ALICE, CAROL), List.of(accepted(), noAnswer(), answered(401)), POLICY);

        assertThat(decision.accepted()).containsExactly(BOB);
        assertThat(decision.retried()).containsExactly(ALICE);
        assertThat(decision.givenUp()).singleElement().satisfies(givenUp -> {
            assertThat(givenUp.target()).isEqualTo(CAROL);
            assertThat(givenUp.reason()).startsWith("HTTP 401: wrong credentials");
        });
        assertThat(decision.retryReason()).contains(noAnswer().description());
    }

    @Test
    void waitsThePolicysDelayForTheAttemptMade() {
        assertThat(RetryDecision.after(1, List.of(BOB), List.of(noAnswer()), POLICY).delay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(RetryDecision.after(2, List.of(BOB), List.of(noAnswer()), POLICY).delay()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void givesUpWhenNoRetryIsLeft() {
        RetryDecision decision = RetryDecision.after(3, List.of(BOB), List.of(noAnswer()), POLICY);

        assertThat(decision.retried()).isEmpty();
        assertThat(decision.givenUp()).extracting(RetryDecision.GivenUp::target).containsExactly(BOB);
    }

    @Test
    void honoursARetryAfterLaterThanTheDelay() {
        RetryDecision decision = RetryDecision.after(1, List.of(BOB, ALICE), List.of(noAnswer(), retryAfter(Duration.ofSeconds(30))), POLICY);

        assertThat(decision.retried()).containsExactly(BOB, ALICE);
        assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void ignoresARetryAfterEarlierThanTheDelay() {
        RetryDecision decision = RetryDecision.after(1, List.of(BOB), List.of(retryAfter(Duration.ofSeconds(3))), POLICY);

        assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withNoRetryConfiguredEveryFailureIsGivenUpAtOnce() {
        RetryPolicy none = RetryPolicy.of(Optional.empty(), Optional.of(0));

        RetryDecision decision = RetryDecision.after(1, List.of(BOB), List.of(noAnswer()), none);

        assertThat(decision.retried()).isEmpty();
        assertThat(decision.givenUp()).hasSize(1);
    }

    @Test
    void refusesOutcomesThatDoNotMatchTheTargets() {
        assertThatThrownBy(() -> RetryDecision.after(1, List.of(BOB, ALICE), List.of(accepted()), POLICY))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
