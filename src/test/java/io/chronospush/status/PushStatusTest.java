package io.chronospush.status;

import static io.chronospush.transport.Outcomes.accepted;
import static io.chronospush.transport.Outcomes.noAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.metrics.api.Gauge;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.Test;

import io.chronospush.metrics.PushMetrics;
import io.chronospush.retry.CircuitBreaker;

class PushStatusTest {
    private final RecordingMetricFactory james = new RecordingMetricFactory();
    private final Gauges gauges = new Gauges();
    private final PushStatus status = new PushStatus(james, gauges);

    /** James's registry keeps the first gauge of a name; this one keeps every registration. */
    private static final class Gauges implements GaugeRegistry {
        final Map<String, Gauge<?>> registered = new HashMap<>();
        int registrations;

        @Override
        public <T> GaugeRegistry register(String name, Gauge<T> gauge) {
            registrations++;
            registered.put(name, gauge);
            return this;
        }

        @Override
        public <T> SettableGauge<T> settableGauge(String name) {
            throw new UnsupportedOperationException();
        }

        Object value(String name) {
            return registered.get(name).get();
        }
    }

    @Test
    void countsWhatItHandsOnToJamesMetrics() {
        PushMetrics metrics = status.metrics();
        metrics.matched();
        metrics.matched();
        metrics.skippedOverSize();
        metrics.sent();
        metrics.retried();
        metrics.retried();
        metrics.retried();
        metrics.deadLettered();

        Counts counts = status.counts();
        assertThat(List.of(counts.matched(), counts.skippedOverSize(), counts.sent(), counts.retried(), counts.deadLettered()))
            .containsExactly(2L, 1L, 1L, 3L, 1L);
        assertThat(List.of(james.countFor(PushMetrics.MATCHED), james.countFor(PushMetrics.SKIPPED_OVER_SIZE),
            james.countFor(PushMetrics.SENT), james.countFor(PushMetrics.RETRIED), james.countFor(PushMetrics.DEAD_LETTERED)))
            .containsExactly(2, 1, 1, 3, 1);
    }

    @Test
    void registersItsTwoGaugesOnceWhateverTheMailets() throws Exception {
        status.register(Mailets.uncountedQueues(new CircuitBreaker(5)));
        status.register(Mailets.uncountedQueues(new CircuitBreaker(5)));

        assertThat(gauges.registered).containsOnlyKeys(PushStatus.PENDING_RETRIES, PushStatus.CIRCUIT_OPEN);
        assertThat(gauges.registrations).isEqualTo(2);
    }

    @Test
    void knowsTheMailetsFromRegistrationToUnregistration() throws Exception {
        RunningMailet first = Mailets.uncountedQueues(new CircuitBreaker(5));
        RunningMailet second = Mailets.uncountedQueues(new CircuitBreaker(5), "retryQueue", "other");
        status.register(first);
        status.register(second);
        assertThat(status.mailets()).containsExactly(first, second);

        status.unregister(first);

        assertThat(status.mailets()).containsExactly(second);
        assertThat(status.snapshots()).extracting(MailetSnapshot::retryQueue).containsExactly("other");
    }

    @Test
    void thePendingRetriesGaugeSumsTheQueuesThatCount() throws Exception {
        assertThat(gauges.value(PushStatus.PENDING_RETRIES)).as("no mailet").isEqualTo(0L);
        // Two delays, 10s and 1m: three queues with the one for retries due at once.
        status.register(Mailets.countedQueues(new CircuitBreaker(5), 4, "delayTime", "10s, 1m"));
        status.register(Mailets.uncountedQueues(new CircuitBreaker(5), "retryQueue", "uncounted"));

        assertThat(gauges.value(PushStatus.PENDING_RETRIES)).isEqualTo(12L);
        MailetSnapshot counted = status.snapshots().get(0);
        assertThat(counted.pending()).extracting(QueueCount::queue).containsExactly("chronos-push", "chronos-push-10s", "chronos-push-1m");
        assertThat(counted.pending()).allSatisfy(queue -> assertThat(queue.pending()).hasValue(4));
        assertThat(status.snapshots().get(1).pending()).allSatisfy(queue -> assertThat(queue.pending()).isEmpty());
    }

    @Test
    void theCircuitGaugeIsOneWhileSomeCircuitIsOpen() throws Exception {
        CircuitBreaker breaker = new CircuitBreaker(2, Clock.systemUTC());
        status.register(Mailets.uncountedQueues(breaker));
        assertThat(gauges.value(PushStatus.CIRCUIT_OPEN)).as("closed").isEqualTo(0);

        breaker.record(List.of(noAnswer(), noAnswer()), CircuitBreaker.Permit.CLOSED);
        assertThat(gauges.value(PushStatus.CIRCUIT_OPEN)).as("open").isEqualTo(1);

        breaker.record(List.of(accepted()), CircuitBreaker.Permit.CLOSED);
        assertThat(gauges.value(PushStatus.CIRCUIT_OPEN)).as("closed again").isEqualTo(0);
    }

    @Test
    void aSnapshotShowsTheSettingsWithoutThePassword() throws Exception {
        status.register(Mailets.uncountedQueues(new CircuitBreaker(5), "timeout", "3s", "failedProcessor", "chronos-push-failed"));

        MailetSnapshot mailet = status.snapshots().get(0);

        assertThat(mailet.endpoint()).isEqualTo(Mailets.MASKED);
        assertThat(mailet.method()).isEqualTo("PUT");
        assertThat(mailet.timeout()).hasSeconds(3);
        assertThat(mailet.failedProcessor()).hasValue("chronos-push-failed");
        assertThat(mailet.retryPolicy()).isEqualTo("20 retries after 5 * 10s, 5 * 1m, 4 * 15m, 6 * 1h");
        assertThat(StatusJson.status(status.snapshots(), status.counts())).doesNotContain(Mailets.PASSWORD).contains(Mailets.MASKED)
            .contains("\"pending\" : \"" + StatusJson.NOT_COUNTED + "\"");
    }
}
