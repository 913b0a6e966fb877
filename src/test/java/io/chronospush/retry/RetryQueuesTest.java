package io.chronospush.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chronospush.testing.InMemoryMailQueues;

class RetryQueuesTest {
    private static final MailQueueName BASE = MailQueueName.of("chronos-push");

    private final InMemoryMailQueues factory = new InMemoryMailQueues();

    @AfterEach
    void tearDown() {
        factory.shutdown();
    }

    private RetryQueues queuesFor(String delayTime) {
        return RetryQueues.take(factory, BASE, RetryPolicy.of(Optional.of(delayTime), Optional.empty()), 16);
    }

    private static String nameOf(MailQueue queue) {
        return queue.getName().asString();
    }

    @Test
    void oneQueuePerDelayNamedAfterIt() {
        RetryQueues queues = queuesFor(RetryPolicy.DEFAULT_DELAY_TIME);

        assertThat(queues.all()).extracting(RetryQueuesTest::nameOf)
            .containsExactly("chronos-push", "chronos-push-10s", "chronos-push-1m", "chronos-push-15m", "chronos-push-1h");
        assertThat(RetryQueues.nameFor(BASE, Duration.ofMillis(1500)).asString()).isEqualTo("chronos-push-1500ms");
        assertThat(RetryQueues.nameFor(BASE, Duration.ofMinutes(90)).asString()).isEqualTo("chronos-push-90m");
    }

    @Test
    void aDelayGoesToItsOwnQueue() {
        RetryQueues queues = queuesFor(RetryPolicy.DEFAULT_DELAY_TIME);

        assertThat(nameOf(queues.forDelay(Duration.ofSeconds(10)))).isEqualTo("chronos-push-10s");
        assertThat(nameOf(queues.forDelay(Duration.ofHours(1)))).isEqualTo("chronos-push-1h");
    }

    /** A Retry-After between two delays waits the longer one: never sooner than asked. */
    @Test
    void aLongerWaitAskedGoesToTheNextLongerDelay() {
        RetryQueues queues = queuesFor(RetryPolicy.DEFAULT_DELAY_TIME);

        assertThat(nameOf(queues.forDelay(Duration.ofSeconds(11)))).isEqualTo("chronos-push-1m");
        assertThat(nameOf(queues.forDelay(Duration.ofMinutes(20)))).isEqualTo("chronos-push-1h");
    }

    @Test
    void aWaitLongerThanEveryDelayGoesToTheLongestOnesQueue() {
        assertThat(nameOf(queuesFor(RetryPolicy.DEFAULT_DELAY_TIME).forDelay(Duration.ofHours(5)))).isEqualTo("chronos-push-1h");
    }

    @Test
    void dueAtOnceGoesToTheNamedQueue() {
        RetryQueues queues = queuesFor(RetryPolicy.DEFAULT_DELAY_TIME);

        assertThat(nameOf(queues.forDelay(Duration.ZERO))).isEqualTo("chronos-push");
        assertThat(nameOf(queues.dueNow())).isEqualTo("chronos-push");
    }

    @Test
    void withoutRetriesOnlyTheNamedQueue() {
        RetryQueues queues = RetryQueues.take(factory, BASE, RetryPolicy.of(Optional.empty(), Optional.of(0)), 16);

        assertThat(queues.all()).extracting(RetryQueuesTest::nameOf).containsExactly("chronos-push");
        assertThat(nameOf(queues.forDelay(Duration.ofMinutes(1)))).isEqualTo("chronos-push");
    }
}
