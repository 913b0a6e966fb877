package io.chronospush.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.queue.api.MailQueue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.RawMessage;
import io.chronospush.address.NotificationTarget;
import io.chronospush.payload.PushPayload;
import io.chronospush.transport.Notification;
import io.chronospush.transport.PushNotifier;
import io.chronospush.transport.PushOutcome;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Takes due notifications off the retry queue and tries each once more, as {@code RemoteDelivery}'s
 * {@code DeliveryRunnable} does for outgoing mail. While the circuit is open, only one retry at
 * a time goes out, and the others wait for its answer.
 */
public final class RetryWorker implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RetryWorker.class);
    static final int CONCURRENCY = 8;

    private final RetryQueue retries;
    private final PushNotifier notifier;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private Scheduler workers;
    private Scheduler dequeuer;
    private Disposable dequeuing;

    public RetryWorker(RetryQueue retries, PushNotifier notifier, CircuitBreaker breaker) {
        this.retries = retries;
        this.notifier = notifier;
        this.breaker = breaker;
    }

    public void start() {
        workers = Schedulers.newBoundedElastic(CONCURRENCY, Integer.MAX_VALUE, "chronos-push-retry", 60, true);
        // Some queues (JMS) block the thread that subscribes: never the one that runs init().
        dequeuer = Schedulers.newSingle("chronos-push-dequeue", true);
        dequeuing = Flux.from(retries.queue().deQueue())
            .flatMap(item -> Mono.fromRunnable(() -> retry(item)).subscribeOn(workers), CONCURRENCY)
            .onErrorContinue((error, item) -> LOGGER.error("Chronos push: retry failed unexpectedly", error))
            .subscribeOn(dequeuer)
            .subscribe();
    }

    private void retry(MailQueue.MailQueueItem item) {
        inFlight.incrementAndGet();
        try {
            Mail mail = item.getMail();
            if (PendingNotification.isDeadLetter(mail)) {
                PendingNotification.replayed(mail);
                LOGGER.info("Chronos push: replaying dead letter {}", mail.getName());
            }
            CircuitBreaker.Permit permit = stopping ? null : breaker.acquire();
            if (permit == null) {
                item.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);
                return;
            }
            NotificationTarget target = PendingNotification.target(mail);
            int attempts = PendingNotification.attempts(mail) + 1;
            PushPayload payload = new PushPayload(RawMessage.bytesOf(mail));
            PushOutcome outcome = notifier.send(List.of(new Notification(target, payload.forRecipient(target.user(), target.folder())))).get(0);
            breaker.record(outcome, permit);
            if (outcome.isAccepted() && attempts > 1) {
                LOGGER.info("Chronos push for {} accepted at attempt {}", target, attempts);
            }
            retries.afterAttempt(target, attempts, outcome, () -> mail);
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done(item, MailQueue.MailQueueItem.CompletionStatus.RETRY);
        } catch (Exception e) {
            LOGGER.error("Chronos push: cannot retry {}: {}", item.getMail().getName(), e.toString());
            done(item, MailQueue.MailQueueItem.CompletionStatus.REJECT);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void done(MailQueue.MailQueueItem item, MailQueue.MailQueueItem.CompletionStatus status) {
        try {
            item.done(status);
        } catch (Exception e) {
            LOGGER.error("Chronos push: cannot settle {} on the retry queue: {}", item.getMail().getName(), e.toString());
        }
    }

    /**
     * Stops taking retries off the queue. Those waiting for a probe go back to the queue; those
     * being sent end within {@code wait}, the notifier's timeout.
     */
    public void close(Duration wait) {
        stopping = true;
        breaker.stop();
        if (dequeuing != null) {
            dequeuing.dispose();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (workers != null) {
            workers.dispose();
        }
        if (dequeuer != null) {
            dequeuer.dispose();
        }
    }

    @Override
    public void close() {
        close(notifier.deliveryBound());
    }
}
