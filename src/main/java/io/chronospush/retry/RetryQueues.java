package io.chronospush.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;

/**
 * The James mail queues notifications wait on: {@code <retryQueue>} for those due at once (the
 * circuit was open, or an operator sent dead letters back), and one queue per delay of the
 * retry policy, {@code <retryQueue>-<delay>} ({@code chronos-push-10s}, {@code chronos-push-1m}...).
 *
 * <p>Every mail on a delay's queue waited that same delay, so each queue is in due order even
 * where James's queue ignores delays (RabbitMQ, in distributed James): only its head ever waits,
 * and a consumer holding the first deliveries until they are due holds the right ones. A wait
 * asked by the endpoint ({@code Retry-After}) goes to the queue of the next longer delay (never
 * earlier than asked), or to the longest delay's queue when it is longer than all of them.
 */
public final class RetryQueues {
    private final MailQueue dueNow;
    private final TreeMap<Duration, MailQueue> byDelay;

    private RetryQueues(MailQueue dueNow, TreeMap<Duration, MailQueue> byDelay) {
        this.dueNow = dueNow;
        this.byDelay = byDelay;
    }

    /** The queues of {@code policy}'s delays under {@code base}, each consumed holding at most {@code held} deliveries. */
    public static RetryQueues take(MailQueueFactory<?> factory, MailQueueName base, RetryPolicy policy, int held) {
        TreeMap<Duration, MailQueue> byDelay = new TreeMap<>();
        policy.steps().forEach(delay -> byDelay.put(delay, HeldQueue.take(factory, nameFor(base, delay), held)));
        return new RetryQueues(HeldQueue.take(factory, base, held), byDelay);
    }

    /** One queue for every delay: for tests of what waits on a queue, whatever its delay. */
    static RetryQueues single(MailQueue queue) {
        return new RetryQueues(queue, new TreeMap<>());
    }

    /** {@code base}'s queue for {@code delay}: {@code chronos-push-10s}, {@code chronos-push-1m}, {@code chronos-push-1500ms}. */
    static MailQueueName nameFor(MailQueueName base, Duration delay) {
        return MailQueueName.of(base.asString() + "-" + compact(delay));
    }

    /** {@code delay} as the queue names show it: {@code 10s}, {@code 1m}, {@code 1500ms}. */
    static String compact(Duration delay) {
        long millis = delay.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /** Where a notification waiting {@code delay} goes. */
    public MailQueue forDelay(Duration delay) {
        if (delay.isZero() || delay.isNegative() || byDelay.isEmpty()) {
            return dueNow;
        }
        Map.Entry<Duration, MailQueue> step = byDelay.ceilingEntry(delay);
        return (step != null ? step : byDelay.lastEntry()).getValue();
    }

    /** Where notifications due at once go. */
    public MailQueue dueNow() {
        return dueNow;
    }

    /** Every queue, the one for notifications due at once first. */
    public List<MailQueue> all() {
        List<MailQueue> all = new ArrayList<>(List.of(dueNow));
        all.addAll(byDelay.values());
        return all;
    }
}
