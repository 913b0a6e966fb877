package io.chronospush.transport;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cut-offs of the attempts in flight, all of one length, on one timer thread. Arming one is
 * a lock-free append; the timer wakes when the oldest is due, not once per attempt, and drops
 * the attempts settled since. A timer task per attempt woke the timer thread on every request:
 * on loopback that cost a single sender about a quarter of its notifications per second.
 */
final class CutOffs {
    private final long lengthNanos;
    private final ScheduledThreadPoolExecutor timer;
    private final Queue<CutOff> armed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sweepScheduled = new AtomicBoolean();

    CutOffs(Duration length, ThreadFactory threads) {
        this.lengthNanos = length.toNanos();
        this.timer = new ScheduledThreadPoolExecutor(1, threads);
        // close() lets the scheduled sweep run, so that every attempt in flight still ends.
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(true);
    }

    /**
     * Runs {@code cutOff} one length from now, unless {@code attempt} is settled by then.
     *
     * @return false once {@link #close} was called: nothing is armed
     */
    boolean arm(CompletableFuture<?> attempt, Runnable cutOff) {
        if (timer.isShutdown()) {
            return false;
        }
        armed.add(new CutOff(System.nanoTime() + lengthNanos, attempt, cutOff));
        scheduleSweep();
        return true;
    }

    /** Stops arming; attempts armed before end at their cut-off at the latest. */
    void close() {
        timer.shutdown();
    }

    private void scheduleSweep() {
        CutOff oldest = armed.peek();
        if (oldest == null || !sweepScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.schedule(this::sweep, oldest.due - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // Closed with attempts armed: the client is closing too, so they end now.
            CutOff left;
            while ((left = armed.poll()) != null) {
                left.fire();
            }
        }
    }

    /** On the timer thread; after close, a caller's thread may empty the queue at the same time. */
    private void sweep() {
        long now = System.nanoTime();
        CutOff oldest;
        while ((oldest = armed.peek()) != null && (oldest.attempt.isDone() || oldest.due - now <= 0)) {
            CutOff taken = armed.poll();
            if (taken != null) {
                taken.fire();
            }
        }
        sweepScheduled.set(false);
        // An attempt armed while this ran may have found the sweep still scheduled.
        scheduleSweep();
    }

    private static final class CutOff {
        final long due;
        final CompletableFuture<?> attempt;
        final Runnable action;

        CutOff(long due, CompletableFuture<?> attempt, Runnable action) {
            this.due = due;
            this.attempt = attempt;
            this.action = action;
        }

        void fire() {
            if (!attempt.isDone()) {
                action.run();
            }
        }
    }
}
