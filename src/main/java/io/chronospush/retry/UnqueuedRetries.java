package io.chronospush.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries from the mailet that the retry queue did not take at once: James's RabbitMQ queue,
 * for one, fails an enqueue whose publish the broker does not confirm within 10 s. The mail
 * itself goes on to delivery meanwhile; its notifications are kept here, in memory, and offered
 * to their queue again after 1 s, then twice as long each time, {@link #BACKOFF_MAX} at most.
 * What the queue has not taken after {@link #GIVE_UP_AFTER}, or beyond {@link #CAPACITY} bytes
 * of messages kept, or when the mailet stops (after one last offer), becomes a dead letter with
 * the reason: it is waiting here, on the queue, or a dead letter, never dropped in silence.
 *
 * <p>Retries taken from the queue need none of this: one that cannot be queued again stays where
 * it was ({@link FollowUp#after}).
 */
final class UnqueuedRetries implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(UnqueuedRetries.class);
    static final Duration BACKOFF_FIRST = Duration.ofSeconds(1);
    static final Duration BACKOFF_MAX = Duration.ofSeconds(30);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    /** Bytes of messages kept at most: each notification keeps its whole message. */
    static final long CAPACITY = 64L * 1024 * 1024;

    /** Puts a notification waiting {@code delay} on that delay's queue, due when it was; throws when the queue does not take it. */
    interface Enqueue {
        void enqueue(PendingNotification again, Duration delay) throws Exception;
    }

    /** Gives up on a notification that could not be queued, for {@code reason}. */
    interface GiveUp {
        void giveUp(PendingNotification again, String reason);
    }

    private final Enqueue enqueue;
    private final GiveUp giveUp;
    private final Clock clock;
    private final Duration backoffFirst;
    private final Duration giveUpAfter;
    private final long capacity;
    private final ScheduledExecutorService offers;
    private final List<Kept> kept = new ArrayList<>();
    private long keptBytes;
    private boolean closed;

    UnqueuedRetries(Enqueue enqueue, GiveUp giveUp, Clock clock) {
        this(enqueue, giveUp, clock, BACKOFF_FIRST, GIVE_UP_AFTER, CAPACITY);
    }

    UnqueuedRetries(Enqueue enqueue, GiveUp giveUp, Clock clock, Duration backoffFirst, Duration giveUpAfter, long capacity) {
        this.enqueue = enqueue;
        this.giveUp = giveUp;
        this.clock = clock;
        this.backoffFirst = backoffFirst;
        this.giveUpAfter = giveUpAfter;
        this.capacity = capacity;
        this.offers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chronos-push-unqueued");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Keeps {@code again}, which its queue refused with {@code failure}, and offers it again later. */
    void keep(PendingNotification again, Duration delay, Exception failure) {
        Kept entry = new Kept(again, delay, clock.instant(), failure.toString());
        synchronized (this) {
            if (!closed && keptBytes + again.message().length <= capacity) {
                kept.add(entry);
                keptBytes += again.message().length;
                offers.schedule(() -> offer(entry, backoffFirst), backoffFirst.toMillis(), TimeUnit.MILLISECONDS);
                LOGGER.warn("Chronos push for {}: the retry queue did not take the retry ({}); kept in memory and offered again"
                    + " for {}, then a dead letter", again.targets(), entry.lastFailure, RetryQueues.compact(giveUpAfter));
                return;
            }
        }
        giveUp.giveUp(again, "could not be queued for a retry (" + entry.lastFailure + ") and no more can be kept in memory ("
            + capacity + " bytes of messages at most), or the mailet is stopping");
    }

    /** Notifications kept, waiting for their queue to take them. */
    synchronized int size() {
        return kept.size();
    }

    private void offer(Kept entry, Duration backoff) {
        synchronized (this) {
            if (!kept.contains(entry)) {
                return;
            }
        }
        if (tryEnqueue(entry)) {
            LOGGER.info("Chronos push for {}: the retry queue took the retry kept since {}", entry.again.targets(), entry.since);
            return;
        }
        if (Duration.between(entry.since, clock.instant()).compareTo(giveUpAfter) >= 0) {
            if (release(entry)) {
                giveUp.giveUp(entry.again, "could not be queued for a retry within " + RetryQueues.compact(giveUpAfter) + ": " + entry.lastFailure);
            }
            return;
        }
        Duration next = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
        synchronized (this) {
            if (!closed) {
                offers.schedule(() -> offer(entry, next), backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Offers {@code entry} to its queue again; true, and no longer kept, when taken. */
    private boolean tryEnqueue(Kept entry) {
        try {
            enqueue.enqueue(entry.again, entry.delay);
        } catch (Exception e) {
            entry.lastFailure = e.toString();
            return false;
        }
        release(entry);
        return true;
    }

    private synchronized boolean release(Kept entry) {
        if (!kept.remove(entry)) {
            return false;
        }
        keptBytes -= entry.again.message().length;
        return true;
    }

    /** Stops offering; what is kept gets one last offer, and becomes a dead letter when refused. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        offers.shutdownNow();
        try {
            // An offer under way ends first: nothing is offered twice at once.
            offers.awaitTermination(BACKOFF_MAX.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Kept> left;
        synchronized (this) {
            left = List.copyOf(kept);
        }
        for (Kept entry : left) {
            if (!tryEnqueue(entry) && release(entry)) {
                giveUp.giveUp(entry.again, "could not be queued for a retry before the mailet stopped: " + entry.lastFailure);
            }
        }
    }

    private static final class Kept {
        private final PendingNotification again;
        private final Duration delay;
        private final Instant since;
        private volatile String lastFailure;

        private Kept(PendingNotification again, Duration delay, Instant since, String lastFailure) {
            this.again = again;
            this.delay = delay;
            this.since = since;
            this.lastFailure = lastFailure;
        }
    }
}
