package io.chronospush.status;

import static io.chronospush.transport.Outcomes.accepted;
import static io.chronospush.transport.Outcomes.answered;
import static io.chronospush.transport.Outcomes.noAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.chronospush.retry.CircuitBreaker;
import io.chronospush.transport.PushOutcome;

class HealthTest {
    private static final Instant NOW = Instant.parse("2026-11-30T20:15:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static Health healthOf(RunningMailet... mailets) {
        List<MailetSnapshot> snapshots = new ArrayList<>();
        for (RunningMailet mailet : mailets) {
            snapshots.add(mailet.snapshot());
        }
        return Health.of(snapshots);
    }

    private static void record(CircuitBreaker breaker, PushOutcome outcome, int times) {
        for (int i = 0; i < times; i++) {
            breaker.record(List.of(outcome), CircuitBreaker.Permit.CLOSED);
        }
    }

    @Test
    void unhealthyWithoutAMailet() {
        Health health = Health.of(Collections.emptyList());

        assertThat(health.level()).isEqualTo(Health.Level.UNHEALTHY);
        assertThat(health.cause()).hasValue(Health.NO_MAILET);
    }

    @Test
    void healthyWhileNotificationsAreAccepted() throws Exception {
        CircuitBreaker breaker = Mailets.breaker(5, CLOCK);
        record(breaker, noAnswer(), 4);
        record(breaker, accepted(), 1);

        Health health = healthOf(Mailets.uncountedQueues(breaker));

        assertThat(health.level()).isEqualTo(Health.Level.HEALTHY);
        assertThat(health.cause()).isEmpty();
    }

    @Test
    void healthyBelowTheThreshold() throws Exception {
        CircuitBreaker breaker = Mailets.breaker(5, CLOCK);
        record(breaker, noAnswer(), 4);

        assertThat(healthOf(Mailets.uncountedQueues(breaker)).level()).isEqualTo(Health.Level.HEALTHY);
    }

    @Test
    void degradedWhileTheCircuitIsOpenNamingTheEndpointAndTheLastFailure() throws Exception {
        CircuitBreaker breaker = Mailets.breaker(5, CLOCK);
        record(breaker, noAnswer(), 5);

        Health health = healthOf(Mailets.uncountedQueues(breaker));

        assertThat(health.level()).isEqualTo(Health.Level.DEGRADED);
        assertThat(health.cause()).hasValue("notifications to " + Mailets.MASKED + " fail: circuit open, 5 attempts in a row failed,"
            + " the last at 2026-11-30T20:15:00Z: no answer within 2000 ms");
    }

    @Test
    void degradedAfterAsManyRefusalsAsTheThresholdThoughTheCircuitStaysClosed() throws Exception {
        CircuitBreaker breaker = Mailets.breaker(3, CLOCK);
        record(breaker, answered(401), 3);

        Health health = healthOf(Mailets.uncountedQueues(breaker));

        assertThat(breaker.allowsInlineAttempts()).as("a refusal is an answer: the circuit stays closed").isTrue();
        assertThat(health.level()).isEqualTo(Health.Level.DEGRADED);
        assertThat(health.cause().orElseThrow()).startsWith("notifications to " + Mailets.MASKED + " fail: 3 attempts in a row failed,")
            .contains("HTTP 401");
    }

    @Test
    void withoutCircuitBreakerFiveFailuresInARowDegrade() throws Exception {
        CircuitBreaker breaker = Mailets.breaker(0, CLOCK);
        record(breaker, noAnswer(), Health.FAILURES_WITHOUT_BREAKER - 1);
        assertThat(healthOf(Mailets.uncountedQueues(breaker)).level()).as("one failure short").isEqualTo(Health.Level.HEALTHY);

        record(breaker, noAnswer(), 1);

        assertThat(healthOf(Mailets.uncountedQueues(breaker)).level()).isEqualTo(Health.Level.DEGRADED);
    }

    @Test
    void healthyAgainOnceAnAttemptIsAccepted() throws Exception {
        CircuitBreaker breaker = Mailets.breaker(5, CLOCK);
        record(breaker, noAnswer(), 6);
        assertThat(healthOf(Mailets.uncountedQueues(breaker)).level()).isEqualTo(Health.Level.DEGRADED);

        record(breaker, accepted(), 1);

        assertThat(healthOf(Mailets.uncountedQueues(breaker)).level()).isEqualTo(Health.Level.HEALTHY);
    }

    @Test
    void oneFailingMailetOfTwoDegradesAndIsTheOneNamed() throws Exception {
        CircuitBreaker failing = Mailets.breaker(5, CLOCK);
        record(failing, noAnswer(), 5);

        Health health = healthOf(Mailets.uncountedQueues(Mailets.breaker(5, CLOCK), "retryQueue", "fine"),
            Mailets.uncountedQueues(failing));

        assertThat(health.level()).isEqualTo(Health.Level.DEGRADED);
        assertThat(health.cause().orElseThrow()).startsWith("notifications to " + Mailets.MASKED + " fail: circuit open").doesNotContain("; ");
    }
}
