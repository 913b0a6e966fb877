package io.chronospush.retry;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
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
import reactor.util.retry.Retry;

/**
 * Takes notifications off the retry queues and tries each once more when it is due, as
 * {@code RemoteDelivery}'s {@code DeliveryRunnable} does for outgoing mail; {@link FollowUp}
 * decides what comes next. While the circuit is open, only one retry at a time goes out, and the
 * others wait for its answer, still held. A retry that fails in an unexpected way becomes a dead
 * letter with the reason: nothing taken off a queue vanishes.
 *
 * <p>A delivery that comes before it is due (RabbitMQ, in distributed James, ignores delays) is
 * held, unacknowledged, until it is due: no thread waits for it, and nothing is written again.
 * A hold lasts {@link #HOLD_LIMIT} at most, far within the broker's {@code consumer_timeout}; a
 * delivery still not due then goes back to its place at the head of its queue
 * ({@code done(RETRY)}) and comes straight back to be held again. Each queue's consumer holds
 * {@link #HELD_PER_QUEUE} deliveries at most, and since each queue is in due order
 * ({@link RetryQueues}), those are the next ones due.
 */
public final class RetryWorker implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RetryWorker.class);
    /** Retries sent at once, over all the queues. */
    static final int CONCURRENCY = 8;
    /** Deliveries each queue's consumer holds at once: the prefetch its queue is created with. */
    public static final int HELD_PER_QUEUE = 16;
    static final Duration HOLD_LIMIT = Duration.ofSeconds(60);
    private static final Duration RESUBSCRIBE_FIRST = Duration.ofSeconds(1);
    private static final Duration RESUBSCRIBE_MAX = Duration.ofMinutes(1);

    private final RetryQueues queues;
    private final FollowUp followUp;
    private final DeadLetters deadLetters;
    private final PushNotifier notifier;
    private final CircuitBreaker breaker;
    private final LogContext logContext;
    private final Clock clock;
    private final Duration holdLimit;
    /** Deliveries held until due: each is settled once, by whoever removes it first. */
    private final Set<MailQueueItem> held = ConcurrentHashMap.newKeySet();
    private final List<Scheduler> dequeuers = new ArrayList<>();
    private final List<Disposable> consumers = new ArrayList<>();
    private volatile boolean stopping;
    private Scheduler workers;
    private Scheduler holds;

    public RetryWorker(RetryQueues queues, FollowUp followUp, DeadLetters deadLetters, PushNotifier notifier, CircuitBreaker breaker,
                       LogContext logContext, Clock clock) {
        this(queues, followUp, deadLetters, notifier, breaker, logContext, clock, HOLD_LIMIT);
    }

    RetryWorker(RetryQueues queues, FollowUp followUp, DeadLetters deadLetters, PushNotifier notifier, CircuitBreaker breaker,
                LogContext logContext, Clock clock, Duration holdLimit) {
        this.holdLimit = holdLimit;
        this.queues = queues;
        this.followUp = followUp;
        this.deadLetters = deadLetters;
        this.notifier = notifier;
        this.breaker = breaker;
        this.logContext = logContext;
        this.clock = clock;
    }

    public void start() {
        workers = Schedulers.newBoundedElastic(CONCURRENCY, Integer.MAX_VALUE, "chronos-push-retry", 60, true);
        holds = Schedulers.newSingle("chronos-push-hold", true);
        for (MailQueue queue : queues.all()) {
            Scheduler dequeuer = Schedulers.newSingle("chronos-push-dequeue-" + queue.getName().asString(), true);
            dequeuers.add(dequeuer);
            consumers.add(Flux.defer(queue::deQueue)
                // James's JMS queue receives, blocking, in whichever thread subscribes or asks for more, and
                // goes on receiving there while nothing is due: never a worker's, nor another queue's.
                .subscribeOn(dequeuer)
                .flatMap(this::handle, HELD_PER_QUEUE)
                // A queue that fails to deliver (its broker gone, a receive that failed) is asked again, not abandoned.
                .doOnError(error -> LOGGER.error("Chronos push: the retry queue {} failed to deliver, asking again: {}",
                    queue.getName().asString(), error.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, RESUBSCRIBE_FIRST).maxBackoff(RESUBSCRIBE_MAX))
                .subscribe());
        }
    }

    /** Tries {@code item} once it is due; holds it until then, the hold limit at most. */
    private Mono<Void> handle(MailQueueItem item) {
        Duration wait = PendingNotificationCodec.untilDue(item.getMail(), clock.instant());
        if (wait.isZero() || wait.isNegative() || stopping) {
            return retryOnAWorker(item);
        }
        held.add(item);
        return Mono.delay(wait.compareTo(holdLimit) < 0 ? wait : holdLimit, holds)
            .flatMap(elapsed -> {
                if (!held.remove(item)) {
                    return Mono.empty();
                }
                if (PendingNotificationCodec.untilDue(item.getMail(), clock.instant()).compareTo(Duration.ZERO) > 0) {
                    release(item);
                    return Mono.empty();
                }
                return retryOnAWorker(item);
            });
    }

    private Mono<Void> retryOnAWorker(MailQueueItem item) {
        return Mono.<Void>fromRunnable(() -> retry(item)).subscribeOn(workers);
    }

    /** Back to its place at the head of its queue, to be taken and held again. */
    private static void release(MailQueueItem item) {
        settle(item, CompletionStatus.RETRY);
        LifecycleUtil.dispose(item.getMail());
    }

    private void retry(MailQueueItem item) {
        Mail mail = item.getMail();
        try (Closeable context = logContext.forMail(mail.getName())) {
            settle(item, outcomeOf(mail));
        } catch (IOException neverThrown) {
            // Closing an MDC context only removes its keys.
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    /** How to settle {@code mail}'s delivery once its attempt is over, whatever happened. */
    private CompletionStatus outcomeOf(Mail mail) {
        try {
            return attempt(mail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletionStatus.RETRY;
        } catch (Exception e) {
            return giveUp(mail, e);
        }
    }

    /** One more attempt for the notifications {@code mail} carries: how to settle it. */
    private CompletionStatus attempt(Mail mail) throws Exception {
        LOGGER.debug("Chronos push: retry {} taken off the queue", mail.getName());
        PendingNotification pending = PendingNotificationCodec.fromMail(mail);
        if (PendingNotificationCodec.isDeadLetter(mail)) {
            pending = pending.replayed();
            LOGGER.info("Chronos push: replaying dead letter {}", mail.getName());
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

    private static void settle(MailQueueItem item, CompletionStatus status) {
        try {
            item.done(status);
        } catch (Exception e) {
            LOGGER.error("Chronos push: cannot settle {} on the retry queue: {}", item.getMail().getName(), e.toString());
        }
    }

    /**
     * Stops taking retries off the queues. Held deliveries and those waiting for a probe go back
     * to their queues; those being sent end within {@code wait}, the notifier's timeout.
     */
    public void close(Duration wait) {
        stopping = true;
        breaker.stop();
        if (workers == null) {
            return;
        }
        consumers.forEach(Disposable::dispose);
        List.copyOf(held).stream().filter(held::remove).forEach(RetryWorker::release);
        List<Mono<Void>> disposals = new ArrayList<>(List.of(workers.disposeGracefully(), holds.disposeGracefully()));
        dequeuers.forEach(dequeuer -> disposals.add(dequeuer.disposeGracefully()));
        Mono.when(disposals)
            .timeout(wait)
            .onErrorResume(stillRunning -> Mono.fromRunnable(() -> {
                workers.dispose();
                holds.dispose();
                dequeuers.forEach(Scheduler::dispose);
            }))
            .block();
    }

    @Override
    public void close() {
        close(notifier.deliveryBound());
    }
}
