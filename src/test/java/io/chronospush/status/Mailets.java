package io.chronospush.status;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.util.Optional;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

import io.chronospush.config.ChronosPushConfiguration;
import io.chronospush.retry.CircuitBreaker;
import io.chronospush.retry.RetryQueues;
import io.chronospush.retry.RetryWorker;
import io.chronospush.testing.InMemoryMailQueues;
import io.chronospush.testing.MailetConfigs;

/** Running mailets as {@code ChronosPushNotification.init()} registers them, on queues that count or not. */
final class Mailets {
    static final String PASSWORD = "s3cret-Pw";
    static final String URL = "https://chronos:" + PASSWORD + "@ox.example.com/chronos/v1/itip/pushmail";
    static final String MASKED = "https://chronos:***@ox.example.com/chronos/v1/itip/pushmail";

    private Mailets() {
    }

    static ChronosPushConfiguration configuration(String... parameters) throws Exception {
        return ChronosPushConfiguration.from(MailetConfigs.chronosPush(URL, parameters).build());
    }

    /** On James-like queues that say how many mails each holds: {@code pendingEach}. */
    static RunningMailet countedQueues(CircuitBreaker breaker, long pendingEach, String... parameters) throws Exception {
        ChronosPushConfiguration configuration = configuration(parameters);
        @SuppressWarnings("unchecked")
        MailQueueFactory<ManageableMailQueue> factory = mock(MailQueueFactory.class);
        when(factory.getQueue(any(), any())).thenReturn(Optional.empty());
        when(factory.createQueue(any(), any())).thenAnswer(invocation -> {
            ManageableMailQueue queue = mock(ManageableMailQueue.class);
            when(queue.getName()).thenReturn(invocation.<MailQueueName>getArgument(0));
            when(queue.getSize()).thenReturn(pendingEach);
            return queue;
        });
        return running(configuration, breaker, factory);
    }

    /** On queues that cannot be counted. */
    static RunningMailet uncountedQueues(CircuitBreaker breaker, String... parameters) throws Exception {
        return running(configuration(parameters), breaker, new InMemoryMailQueues());
    }

    static CircuitBreaker breaker(int threshold, Clock clock) {
        return new CircuitBreaker(threshold, clock);
    }

    private static RunningMailet running(ChronosPushConfiguration configuration, CircuitBreaker breaker, MailQueueFactory<?> factory) {
        RetryQueues queues = RetryQueues.take(factory, configuration.retryQueue(), configuration.retryPolicy(), RetryWorker.HELD_PER_QUEUE);
        return new RunningMailet(configuration, breaker, queues);
    }
}
