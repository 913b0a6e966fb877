package io.chronospush.retry;

import static io.chronospush.transport.Outcomes.accepted;
import static io.chronospush.transport.Outcomes.answered;
import static io.chronospush.transport.Outcomes.noAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;


class CircuitBreakerTest {
    private final CircuitBreaker breaker = new CircuitBreaker(3);

    private void failures(int count) {
        for (int i = 0; i < count; i++) {
            breaker.record(List.of(noAnswer()), CircuitBreaker.Permit.CLOSED);
        }
    }

    @Test
    void itsStateCountsEveryFailedAttemptAndKeepsTheLast() {
        Instant now = Instant.parse("2026-11-30T20:15:00Z");
        CircuitBreaker observed = new CircuitBreaker(3, Clock.fixed(now, ZoneOffset.UTC));
        assertThat(observed.state().lastFailure()).as("before any attempt").isEmpty();

        observed.record(List.of(noAnswer(), answered(401)), CircuitBreaker.Permit.CLOSED);

        CircuitBreaker.State state = observed.state();
        assertThat(state.isOpen()).isFalse();
        assertThat(state.threshold()).isEqualTo(3);
        assertThat(state.attemptsFailedInARow()).as("a refusal is a failed attempt, though no failure of the endpoint").isEqualTo(2);
        assertThat(state.lastFailure().orElseThrow().at()).isEqualTo(now);
        assertThat(state.lastFailure().orElseThrow().reason()).startsWith("HTTP 401");

        observed.record(List.of(accepted()), CircuitBreaker.Permit.CLOSED);

        assertThat(observed.state().attemptsFailedInARow()).isZero();
        assertThat(observed.state().lastFailure()).as("kept after an accepted attempt").isPresent();
    }

    @Test
    void staysClosedBelowTheThreshold() throws Exception {
        failures(2);

        assertThat(breaker.allowsInlineAttempts()).isTrue();
        assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.Permit.CLOSED);
    }

    @Test
    void opensAtTheThresholdOfFailuresInARow() throws Exception {
        failures(3);

        assertThat(breaker.allowsInlineAttempts()).isFalse();
        assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.Permit.PROBE);
    }

    @Test
    void anAnswerInBetweenStartsTheCountAnew() {
        failures(2);
        breaker.record(List.of(accepted()), CircuitBreaker.Permit.CLOSED);
        failures(2);

        assertThat(breaker.allowsInlineAttempts()).isTrue();
    }

    @Test
    void aRefusalIsAnAnswerNotAFailure() {
        failures(2);
        breaker.record(List.of(answered(401)), CircuitBreaker.Permit.CLOSED);
        failures(2);

        assertThat(breaker.allowsInlineAttempts()).isTrue();
    }

    @Test
    void countsEachNotificationOfAMail() {
        breaker.record(List.of(noAnswer(), noAnswer(), noAnswer()), CircuitBreaker.Permit.CLOSED);

        assertThat(breaker.allowsInlineAttempts()).isFalse();
    }

    @Test
    void whileOpenOneProbeAtATimeAndItsAnswerClosesIt() throws Exception {
        failures(3);
        CircuitBreaker.Permit probe = breaker.acquire();
        CompletableFuture<CircuitBreaker.Permit> second = CompletableFuture.supplyAsync(this::acquireQuietly);

        assertThat(probe).isEqualTo(CircuitBreaker.Permit.PROBE);
        // The second caller waits for the probe's answer: still waiting after a while, and let go by it.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
        breaker.record(List.of(accepted()), probe);

        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(CircuitBreaker.Permit.CLOSED);
        assertThat(breaker.allowsInlineAttempts()).isTrue();
    }

    @Test
    void aFailedProbeKeepsItOpenAndLetsTheNextProbeGo() throws Exception {
        failures(3);
        CircuitBreaker.Permit probe = breaker.acquire();

        breaker.record(List.of(noAnswer()), probe);

        assertThat(breaker.allowsInlineAttempts()).isFalse();
        assertThat(CompletableFuture.supplyAsync(this::acquireQuietly).get(5, TimeUnit.SECONDS)).isEqualTo(CircuitBreaker.Permit.PROBE);
    }

    @Test
    void aThresholdOfZeroNeverOpens() {
        CircuitBreaker off = new CircuitBreaker(0);
        for (int i = 0; i < 100; i++) {
            off.record(List.of(noAnswer()), CircuitBreaker.Permit.CLOSED);
        }

        assertThat(off.allowsInlineAttempts()).isTrue();
    }

    @Test
    void stopLetsWaitingCallersGoWithoutLeave() throws Exception {
        failures(3);
        breaker.acquire();
        CompletableFuture<CircuitBreaker.Permit> waiting = CompletableFuture.supplyAsync(this::acquireQuietly);

        breaker.stop();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
    }

    private CircuitBreaker.Permit acquireQuietly() {
        try {
            return breaker.acquire();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
