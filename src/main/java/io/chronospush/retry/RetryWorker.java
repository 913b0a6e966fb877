package io.chronospush.retry;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueue.MailQueueItem.CompletionStatus;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.LogContext;
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
 * {@code DeliveryRunnable} does for outgoing mail; {@link FollowUp} decides what comes next. While
 * the circuit is open, only one retry at a time goes out, and the others wait for its answer. A
 * retry that fails in an unexpected way becomes a dead letter with the reason: nothing taken off
 * the queue vanishes.
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

    private final MailQueue queue;
    private final FollowUp followUp;
    private final DeadLetters deadLetters;
    private final PushNotifier notifier;
    private final CircuitBreaker breaker;
    private final LogContext logContext;
    private final Clock clock;
    private volatile boolean stopping;
    private Scheduler workers;
    private Scheduler dequeuer;
    private Disposable dequeuing;

    public RetryWorker(MailQueue queue, FollowUp followUp, DeadLetters deadLetters, PushNotifier notifier, CircuitBreaker breaker,
                       LogContext logContext, Clock clock) {
        this.queue = queue;
        this.followUp = followUp;
        this.deadLetters = deadLetters;
        this.notifier = notifier;
        this.breaker = breaker;
        this.logContext = logContext;
        this.clock = clock;
    }

    public void start() {
        workers = Schedulers.newBoundedElastic(CONCURRENCY, Integer.MAX_VALUE, "chronos-push-retry", 60, true);
        dequeuer = Schedulers.newSingle("chronos-push-dequeue", true);
        dequeuing = Flux.from(queue.deQueue())
            // James's JMS queue receives, blocking, in whichever thread subscribes or asks for more, and
            // goes on receiving there while nothing is due. Asked by a worker, that worker would never
            // come back to the retries queued on it, their messages taken but never acknowledged.
            .subscribeOn(dequeuer)
            .flatMap(item -> Mono.fromRunnable(() -> retry(item)).subscribeOn(workers), CONCURRENCY)
            .subscribe(item -> { }, error -> LOGGER.error("Chronos push: the retry queue {} stopped delivering: {}",
                queue.getName().asString(), error.toString()));
    }

    private void retry(MailQueue.MailQueueItem item) {
        Mail mail = item.getMail();
        try (Closeable context = logContext.forMail(mail.getName())) {
            settle(item, handle(mail));
        } catch (IOException neverThrown) {
            // Closing an MDC context only removes its keys.
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private CompletionStatus handle(Mail mail) {
        try {
            return attempt(mail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletionStatus.RETRY;
        } catch (Exception e) {
            return giveUp(mail, e);
        }
    }

    /** One more attempt for the notifications {@code mail} carries, unless they are not due yet: how to settle it. */
    private CompletionStatus attempt(Mail mail) throws Exception {
        LOGGER.debug("Chronos push: retry {} taken off the queue", mail.getName());
        PendingNotification pending = PendingNotificationCodec.fromMail(mail);
        if (PendingNotificationCodec.isDeadLetter(mail)) {
            pending = pending.replayed();
            LOGGER.info("Chronos push: replaying dead letter {}", mail.getName());
        }
        Duration early = pending.untilDue(clock.instant());
        if (early.compareTo(Duration.ZERO) > 0 && !stopping) {
            Thread.sleep(Math.min(early.toMillis(), EARLY_PAUSE.toMillis()));
            if (early.compareTo(EARLY_PAUSE) > 0) {
                followUp.putBack(pending, early.minus(EARLY_PAUSE));
                return CompletionStatus.SUCCESS;
            }
        }
        CircuitBreaker.Permit permit = stopping ? null : breaker.acquire();
        if (permit == null) {
            return CompletionStatus.RETRY;
        }
        PendingNotification tried = pending.attempted();
        List<PushOutcome> outcomes = notifier.send(Notification.forEach(tried.targets(), new PushPayload(tried.message())));
        breaker.record(outcomes, permit);
        // Queued again before acknowledged: a stop in between can repeat a notification, never lose it.
        return followUp.after(tried, outcomes) ? CompletionStatus.SUCCESS : CompletionStatus.RETRY;
    }

    /** A retry failed unexpectedly: its mail goes to the dead letters as it is; back to the queue if even that fails. */
    private CompletionStatus giveUp(Mail mail, Exception cause) {
        String reason = "unexpected failure: " + cause;
        try {
            deadLetters.sendAsItIs(mail, reason);
            return CompletionStatus.SUCCESS;
        } catch (Exception e) {
            LOGGER.error("Chronos push: cannot retry {} ({}), nor send it to the dead letters ({}); it stays on the queue",
                mail.getName(), reason, e.toString());
            return CompletionStatus.RETRY;
        }
    }

    private static void settle(MailQueue.MailQueueItem item, CompletionStatus status) {
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
        if (dequeuing == null) {
            return;
        }
        dequeuing.dispose();
        Mono.when(workers.disposeGracefully(), dequeuer.disposeGracefully())
            .timeout(wait)
            .onErrorResume(stillRunning -> Mono.fromRunnable(() -> {
                workers.dispose();
                dequeuer.dispose();
            }))
            .block();
    }

    @Override
    public void close() {
        close(notifier.deliveryBound());
    }
}
