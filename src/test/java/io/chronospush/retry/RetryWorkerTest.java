package io.chronospush.retry;

import static io.chronospush.testing.RecordingEndpoint.firstThen;
import static io.chronospush.testing.RecordingEndpoint.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.MaybeSender;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import io.chronospush.address.NotificationTarget;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.payload.PushPayload;
import io.chronospush.testing.RecordingEndpoint;
import io.chronospush.transport.Endpoint;
import io.chronospush.transport.Notification;
import io.chronospush.transport.PushNotifier;
import io.chronospush.transport.PushOutcome;
import io.chronospush.transport.TrustMaterial;

class RetryWorkerTest {
    private static final byte[] MESSAGE = "Subject: invitation\r\n\r\nBEGIN:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8);
    private static final NotificationTarget BOB = new NotificationTarget("bob@example.com", "INBOX", "bob@example.com");

    /** As RabbitMQ's mail queue in distributed James 3.8 and 3.9: delays are ignored. */
    private static final class DelayIgnoringQueue implements MailQueue {
        private final InMemoryMailQueue delegate = new InMemoryMailQueue(MailQueueName.of("delays-ignored"));
        private final AtomicInteger enqueued = new AtomicInteger();

        @Override
        public MailQueueName getName() {
            return delegate.getName();
        }

        @Override
        public void enQueue(Mail mail, Duration delay) throws MailQueueException {
            enQueue(mail);
        }

        @Override
        public void enQueue(Mail mail) throws MailQueueException {
            enqueued.incrementAndGet();
            delegate.enQueue(mail);
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            return delegate.enqueueReactive(mail);
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return delegate.deQueue();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private final RecordingEndpoint endpoint;
    private final PushNotifier notifier;
    private final DelayIgnoringQueue queue = new DelayIgnoringQueue();
    private RetryWorker worker;

    RetryWorkerTest() throws Exception {
        endpoint = RecordingEndpoint.http();
        notifier = new PushNotifier(Endpoint.parse(endpoint.url()), "PUT", Duration.ofSeconds(1), TrustMaterial.jvmDefault(), PushMetrics.NONE);
    }

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.close();
        }
        notifier.close();
        queue.close();
        endpoint.close();
    }

    @Test
    void waitsForTheDelayOnAQueueThatIgnoresDelaysWithoutSpinning() throws Exception {
        endpoint.answering(firstThen(1, status(503), status(200)));
        RetryQueue retries = new RetryQueue(queue, RetryPolicy.of(Optional.of("2500ms"), Optional.empty()),
            new DeadLetters(FakeMailContext.defaultContext(), Optional.empty(), PushMetrics.NONE, "endpoint"), PushMetrics.NONE, "endpoint");
        worker = new RetryWorker(retries, notifier, new CircuitBreaker(0, "endpoint"));
        worker.start();

        PushOutcome first = notifier.send(Notification.forEach(List.of(BOB), new PushPayload(MESSAGE))).get(0);
        retries.afterAttempt(List.of(BOB), 1, List.of(first), targets -> PendingNotification.create("mail", MaybeSender.nullSender(), targets, MESSAGE, 1, "first"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (endpoint.requests().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        List<RecordingEndpoint.Request> requests = endpoint.requests();
        assertThat(requests).hasSize(2);
        assertThat(Duration.ofNanos(requests.get(1).receivedNanos - requests.get(0).receivedNanos)).isGreaterThan(Duration.ofMillis(2400));
        // Taken off early twice (after 0 s and 1 s), each time paused a second: 1 enqueue and 2 put-backs.
        assertThat(queue.enqueued.get()).isLessThanOrEqualTo(3);
    }
}
