package io.chronospush.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.lifecycle.api.LifecycleUtil;
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
    /**
     * A notification that comes off the queue before it is due (RabbitMQ, in distributed James,
     * ignores delays) waits this long at most; if still not due, it goes back to the queue. So
     * such a queue cycles at most {@link #CONCURRENCY} notifications per pause, never spins.
     */
    static final Duration EARLY_PAUSE = Duration.ofSeconds(1);

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
        dequeuer = Schedulers.newSingle("chronos-push-dequeue", true);
        dequeuing = Flux.from(retries.queue().deQueue())
            // James's JMS queue receives, blocking, in whichever thread subscribes or asks for more, and
            // goes on receiving there while nothing is due. Asked by a worker, that worker would never
            // come back to the retries queued on it, their messages taken but never acknowledged.
            .subscribeOn(dequeuer)
            .flatMap(item -> Mono.fromRunnable(() -> retry(item)).subscribeOn(workers), CONCURRENCY)
            .onErrorContinue((error, item) -> LOGGER.error("Chronos push: retry failed unexpectedly", error))
            .subscribe();
    }

    private void retry(MailQueue.MailQueueItem item) {
        inFlight.incrementAndGet();
        try {
            Mail mail = item.getMail();
            LOGGER.debug("Chronos push: retry {} taken off the queue", mail.getName());
            long early = PendingNotification.millisUntilDue(mail);
            if (early > 0 && !stopping) {
                Thread.sleep(Math.min(early, EARLY_PAUSE.toMillis()));
                if (early > EARLY_PAUSE.toMillis()) {
                    retries.putBack(mail, Duration.ofMillis(early - EARLY_PAUSE.toMillis()));
                    item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
                    return;
                }
            }
            if (PendingNotification.isDeadLetter(mail)) {
                PendingNotification.replayed(mail);
                LOGGER.info("Chronos push: replaying dead letter {}", mail.getName());
            }
            CircuitBreaker.Permit permit = stopping ? null : breaker.acquire();
            if (permit == null) {
                item.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);
                return;
            }
            List<NotificationTarget> targets = PendingNotification.targets(mail);
            int attempts = PendingNotification.attempts(mail) + 1;
            List<PushOutcome> outcomes = notifier.send(Notification.forEach(targets, new PushPayload(RawMessage.bytesOf(mail))));
            breaker.record(outcomes, permit);
            if (attempts > 1) {
                for (int i = 0; i < targets.size(); i++) {
                    if (outcomes.get(i).isAccepted()) {
                        LOGGER.info("Chronos push for {} accepted at attempt {}", targets.get(i), attempts);
                    }
                }
            }
            boolean settled = retries.afterAttempt(targets, attempts, outcomes, ignored -> mail);
            // Queued again before acknowledged: a stop in between can repeat a notification, never lose it.
            item.done(settled ? MailQueue.MailQueueItem.CompletionStatus.SUCCESS : MailQueue.MailQueueItem.CompletionStatus.RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done(item, MailQueue.MailQueueItem.CompletionStatus.RETRY);
        } catch (Exception e) {
            LOGGER.error("Chronos push: cannot retry {}: {}", item.getMail().getName(), e.toString());
            done(item, MailQueue.MailQueueItem.CompletionStatus.REJECT);
        } finally {
            LifecycleUtil.dispose(item.getMail());
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
