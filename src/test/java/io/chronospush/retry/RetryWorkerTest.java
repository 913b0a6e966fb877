package io.chronospush.retry;

import static io.chronospush.testing.RecordingEndpoint.after;
import static io.chronospush.testing.RecordingEndpoint.firstThen;
import static io.chronospush.testing.RecordingEndpoint.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MaybeSender;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.api.MailQueue.MailQueueItem.CompletionStatus;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.reactivestreams.Publisher;

import io.chronospush.LogContext;
import io.chronospush.RawMessage;
import io.chronospush.address.NotificationTarget;
import io.chronospush.metrics.JamesMetrics;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.payload.PushPayload;
import io.chronospush.testing.InMemoryMailQueues;
import io.chronospush.testing.RecordingEndpoint;
import io.chronospush.transport.Endpoint;
import io.chronospush.transport.Notification;
import io.chronospush.transport.PushNotifier;
import io.chronospush.transport.TrustMaterial;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class RetryWorkerTest {
    private static final byte[] MESSAGE = "Subject: invitation\r\n\r\nBEGIN:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8);
    private static final NotificationTarget BOB = new NotificationTarget("bob@example.com", "INBOX", "bob@example.com");
    private static final String FAILED = "chronos-push-failed";

    /** As RabbitMQ's mail queue in distributed James 3.8 and 3.9: delays are ignored. */
    private static final class DelayIgnoringQueue implements MailQueue {
        private final InMemoryMailQueues.Queue delegate;
        private final AtomicInteger enqueued = new AtomicInteger();
        private final AtomicInteger released = new AtomicInteger();

        DelayIgnoringQueue(InMemoryMailQueues queues) {
            this.delegate = queues.createQueue(MailQueueName.of("delays-ignored"));
        }

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

        /** Counts the deliveries given back to their place ({@code done(RETRY)}), as RabbitMQ requeues them. */
        @Override
        public Publisher<MailQueueItem> deQueue() {
            return Flux.from(delegate.deQueue()).map(item -> new MailQueueItem() {
                @Override
                public Mail getMail() {
                    return item.getMail();
                }

                @Override
                public void done(CompletionStatus status) throws MailQueueException {
                    if (status == CompletionStatus.RETRY) {
                        released.incrementAndGet();
                    }
                    item.done(status);
                }
            });
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
        private final List<CompletionStatus> settled = new CopyOnWriteArrayList<>();

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
                        settled.add(status);
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
    private final Endpoint target;
    private final PushNotifier notifier;
    private final InMemoryMailQueues queues = new InMemoryMailQueues();
    private final DelayIgnoringQueue queue = new DelayIgnoringQueue(queues);
    private final RecordingMetricFactory metricFactory = new RecordingMetricFactory();
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private RetryWorker worker;

    RetryWorkerTest() throws Exception {
        endpoint = RecordingEndpoint.http();
        target = Endpoint.parse(endpoint.url());
        notifier = new PushNotifier(target, "PUT", Duration.ofSeconds(1), TrustMaterial.jvmDefault(), PushMetrics.NONE);
    }

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.close();
        }
        notifier.close();
        queues.shutdown();
        endpoint.close();
    }

    private FollowUp start(MailQueue on, String delayTime) {
        return start(on, delayTime, new CircuitBreaker(0), RetryWorker.HOLD_LIMIT);
    }

    private FollowUp start(MailQueue on, String delayTime, CircuitBreaker breaker, Duration holdLimit) {
        PushMetrics metrics = new JamesMetrics(metricFactory);
        DeadLetters deadLetters = new DeadLetters(context, Optional.of(FAILED), metrics);
        RetryQueues queues = RetryQueues.single(on);
        FollowUp followUp = new FollowUp(queues, RetryPolicy.of(Optional.of(delayTime), Optional.empty()), deadLetters, metrics, Clock.systemUTC());
        worker = new RetryWorker(queues, followUp, deadLetters, notifier, breaker, new LogContext(target), Clock.systemUTC(), holdLimit);
        worker.start();
        return followUp;
    }

    private static PendingNotification pending(String mailName, NotificationTarget target) {
        return PendingNotification.of(mailName, MaybeSender.nullSender(), List.of(target), MESSAGE).attempted();
    }

    private List<FakeMailContext.SentMail> deadLetters() {
        return context.getSentMails().stream().filter(sent -> FAILED.equals(sent.getState())).collect(Collectors.toList());
    }

    @Test
    void waitsForTheDelayOnAQueueThatIgnoresDelaysWithoutSpinning() throws Exception {
        endpoint.answering(firstThen(1, status(503), status(200)));
        FollowUp followUp = start(queue, "2500ms");

        PendingNotification tried = pending("mail", BOB);
        followUp.after(tried, notifier.send(Notification.forEach(tried.targets(), new PushPayload(MESSAGE))));
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.requests().size() >= 2);

        List<RecordingEndpoint.Request> requests = endpoint.requests();
        assertThat(requests).hasSize(2);
        assertThat(Duration.ofNanos(requests.get(1).receivedNanos - requests.get(0).receivedNanos)).isGreaterThan(Duration.ofMillis(2400));
        // Taken off at once and held until due: written once, never put back.
        assertThat(queue.enqueued.get()).isEqualTo(1);
        assertThat(queue.released.get()).isZero();
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
        int due = RetryWorker.CONCURRENCY + 1;
        for (int i = 0; i < due; i++) {
            blocking.enQueue(PendingNotificationCodec.toMail(pending("mail" + i, i == 0 ? alice : BOB)));
        }

        start(blocking, "10s");
        await().atMost(Duration.ofSeconds(5)).until(() -> blocking.acknowledged.get() >= due);

        assertThat(endpoint.requests()).hasSize(due);
        assertThat(blocking.acknowledged.get()).isEqualTo(due);
    }

    /** Once answered REJECT: neither retried nor a dead letter, the notification vanished. */
    @Test
    void aRetryThatFailsUnexpectedlyBecomesADeadLetterWithTheReason() throws Exception {
        BlockingReceiveQueue blocking = new BlockingReceiveQueue();
        blocking.enQueue(FakeMail.builder().name("no-notification").mimeMessage(RawMessage.inMemory("stranger", MESSAGE)).build());

        start(blocking, "10s");
        await().atMost(Duration.ofSeconds(5)).until(() -> blocking.settled.size() == 1);

        assertThat(blocking.settled).containsExactly(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        assertThat(deadLetters()).singleElement().satisfies(sent -> {
            assertThat((String) sent.getAttributes().get(PendingNotificationCodec.REASON).getValue().getValue())
                .startsWith("unexpected failure: ").contains("chronosPush.folders");
        });
        assertThat(metricFactory.countFor(PushMetrics.DEAD_LETTERED)).isEqualTo(1);
        assertThat(endpoint.requests()).isEmpty();
    }

    @Test
    void aRetryThatFailsUnexpectedlyStaysOnTheQueueWhenItCannotBeADeadLetterEither() throws Exception {
        BlockingReceiveQueue blocking = new BlockingReceiveQueue();
        blocking.enQueue(FakeMail.builder().name("no-notification").mimeMessage(RawMessage.inMemory("stranger", MESSAGE)).build());
        FakeMailContext refusing = Mockito.spy(context);
        Mockito.doThrow(new MessagingException("spool full")).when(refusing).sendMail(Mockito.any(Mail.class), Mockito.anyString());
        PushMetrics metrics = new JamesMetrics(metricFactory);
        DeadLetters deadLetters = new DeadLetters(refusing, Optional.of(FAILED), metrics);
        RetryQueues queues = RetryQueues.single(blocking);
        worker = new RetryWorker(queues, new FollowUp(queues, RetryPolicy.of(Optional.of("10s"), Optional.empty()), deadLetters, metrics,
            Clock.systemUTC()), deadLetters, notifier, new CircuitBreaker(0), new LogContext(target), Clock.systemUTC());
        worker.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> !blocking.settled.isEmpty());

        assertThat(blocking.settled.get(0)).isEqualTo(MailQueue.MailQueueItem.CompletionStatus.RETRY);
        assertThat(metricFactory.countFor(PushMetrics.DEAD_LETTERED)).isZero();
    }

    @Test
    void aDeliveryNotDueWithinTheHoldLimitGoesBackToItsPlaceWithoutBeingWrittenAgain() throws Exception {
        endpoint.answering(firstThen(1, status(503), status(200)));
        FollowUp followUp = start(queue, "1500ms", new CircuitBreaker(0), Duration.ofMillis(400));

        PendingNotification tried = pending("mail", BOB);
        followUp.after(tried, notifier.send(Notification.forEach(tried.targets(), new PushPayload(MESSAGE))));
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.requests().size() >= 2);

        List<RecordingEndpoint.Request> requests = endpoint.requests();
        assertThat(Duration.ofNanos(requests.get(1).receivedNanos - requests.get(0).receivedNanos)).isGreaterThan(Duration.ofMillis(1400));
        // Held 400 ms at a time: given back to its place (no new write) until due.
        assertThat(queue.released.get()).isBetween(2, 4);
        assertThat(queue.enqueued.get()).isEqualTo(1);
    }

    /** Once a retry without the probe's permit was answered RETRY: on RabbitMQ, an immediate redelivery, in a loop. */
    @Test
    void whileTheCircuitIsOpenDueRetriesWaitForTheProbeWithoutGoingBack() throws Exception {
        endpoint.answering(status(503));
        CircuitBreaker breaker = new CircuitBreaker(1);
        breaker.record(List.of(notifier.send(Notification.forEach(List.of(BOB), new PushPayload(MESSAGE))).get(0)), CircuitBreaker.Permit.CLOSED);
        assertThat(breaker.allowsInlineAttempts()).as("circuit open").isFalse();
        int due = 5;
        for (int i = 0; i < due; i++) {
            queue.enQueue(PendingNotificationCodec.toMail(pending("mail" + i, BOB)));
        }

        start(queue, "2 * 1h", breaker, RetryWorker.HOLD_LIMIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.requests().size() >= 1 + due);

        // One probe each, one at a time; each failure written once to wait its delay; none given back.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> endpoint.requests().size() == 1 + due);
        assertThat(queue.released.get()).isZero();
        assertThat(queue.enqueued.get()).isEqualTo(due + due);
    }
}
