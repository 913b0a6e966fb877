package io.chronospush.retry;

import static io.chronospush.testing.RecordingEndpoint.after;
import static io.chronospush.testing.RecordingEndpoint.firstThen;
import static io.chronospush.testing.RecordingEndpoint.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

import reactor.core.publisher.Mono;

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

    /**
     * As James's JMS (ActiveMQ) mail queue: each item is taken with a blocking receive when its
     * {@code Mono} is subscribed to, and the next one is subscribed to as soon as one completes,
     * on whichever thread asked for it.
     */
    private static final class BlockingReceiveQueue implements MailQueue {
        private final BlockingQueue<Mail> mails = new LinkedBlockingQueue<>();
        private final AtomicInteger acknowledged = new AtomicInteger();

        @Override
        public MailQueueName getName() {
            return MailQueueName.of("blocking-receive");
        }

        @Override
        public void enQueue(Mail mail, Duration delay) {
            enQueue(mail);
        }

        @Override
        public void enQueue(Mail mail) {
            mails.add(mail);
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            return Mono.fromRunnable(() -> enQueue(mail));
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return Mono.defer(this::receive).repeat();
        }

        private Mono<MailQueueItem> receive() {
            try {
                Mail mail = mails.poll(100, TimeUnit.MILLISECONDS);
                return mail == null ? Mono.empty() : Mono.just(new MailQueueItem() {
                    @Override
                    public Mail getMail() {
                        return mail;
                    }

                    @Override
                    public void done(CompletionStatus status) {
                        acknowledged.incrementAndGet();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Mono.empty();
            }
        }

        @Override
        public void close() {
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

    @Test
    void aRetryDueWhileEveryWorkerIsBusyIsTriedOnAQueueThatBlocksToReceive() throws Exception {
        // Alice's retry, the first taken, is answered at once, the others late: her worker asks for the
        // next retry while all the others are busy, and the queue is empty after it.
        NotificationTarget alice = new NotificationTarget("alice@example.com", "INBOX", "alice@example.com");
        endpoint.answering((exchange, number) -> {
            boolean forAlice = endpoint.requests().get(number - 1).bodyAsString().contains(alice.user());
            (forAlice ? status(200) : after(Duration.ofMillis(300), status(200))).answer(exchange, number);
        });
        BlockingReceiveQueue blocking = new BlockingReceiveQueue();
        RetryQueue retries = new RetryQueue(blocking, RetryPolicy.of(Optional.of("10s"), Optional.empty()),
            new DeadLetters(FakeMailContext.defaultContext(), Optional.empty(), PushMetrics.NONE, "endpoint"), PushMetrics.NONE, "endpoint");
        int due = RetryWorker.CONCURRENCY + 1;
        for (int i = 0; i < due; i++) {
            blocking.enQueue(PendingNotification.create("mail" + i, MaybeSender.nullSender(), List.of(i == 0 ? alice : BOB), MESSAGE, 1, "first"));
        }

        worker = new RetryWorker(retries, notifier, new CircuitBreaker(0, "endpoint"));
        worker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (blocking.acknowledged.get() < due && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(endpoint.requests()).hasSize(due);
        assertThat(blocking.acknowledged.get()).isEqualTo(due);
    }
}
