package io.chronospush.retry;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeSet;

import org.apache.james.util.DurationParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When to try a failed notification again, in {@code RemoteDelivery}'s terms: {@code delayTime}
 * is a comma-separated list of {@code [attempts *] duration} ({@code 5 * 10s, 5 * 1m, 4 * 15m}; a
 * bare number is milliseconds, as there), and {@code maxRetries} the number of retries after the
 * first attempt. As in {@code RemoteDelivery}, a {@code maxRetries} below the delays' total is
 * raised to it, and one above makes the last delay repeat. Without {@code delayTime}, the
 * default delays are cut to {@code maxRetries}.
 */
public final class RetryPolicy {
    private static final Logger LOGGER = LoggerFactory.getLogger(RetryPolicy.class);
    public static final String DEFAULT_DELAY_TIME = "5 * 10s, 5 * 1m, 4 * 15m, 6 * 1h";

    private final List<Duration> delays;

    private RetryPolicy(List<Duration> delays) {
        this.delays = Collections.unmodifiableList(delays);
    }

    /** @throws IllegalArgumentException naming the bad value */
    public static RetryPolicy of(Optional<String> delayTime, Optional<Integer> maxRetries) {
        List<Duration> delays = expand(delayTime.orElse(DEFAULT_DELAY_TIME));
        maxRetries.filter(max -> max < 0).ifPresent(max -> {
            throw new IllegalArgumentException("'" + max + "' is negative");
        });
        if (maxRetries.isEmpty() || maxRetries.get() == delays.size()) {
            return new RetryPolicy(delays);
        }
        int max = maxRetries.get();
        if (max < delays.size()) {
            if (delayTime.isEmpty()) {
                return new RetryPolicy(new ArrayList<>(delays.subList(0, max)));
            }
            LOGGER.warn("maxRetries {} is below the {} retries of delayTime '{}'; using {}, as RemoteDelivery does",
                max, delays.size(), delayTime.get(), delays.size());
            return new RetryPolicy(delays);
        }
        List<Duration> extended = new ArrayList<>(delays);
        while (extended.size() < max) {
            extended.add(delays.get(delays.size() - 1));
        }
        return new RetryPolicy(extended);
    }

    /** Parses a whole {@code delayTime} value, one delay per retry. */
    private static List<Duration> expand(String delayTime) {
        List<Duration> delays = new ArrayList<>();
        for (String item : delayTime.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String[] parts = item.split("\\*", -1);
            if (parts.length > 2) {
                throw new IllegalArgumentException("'" + item.trim() + "' has more than one '*'");
            }
            int attempts = parts.length == 2 ? attempts(parts[0].trim(), item) : 1;
            Duration delay = duration(parts[parts.length - 1].trim(), item);
            for (int i = 0; i < attempts; i++) {
                delays.add(delay);
            }
        }
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("'" + delayTime + "' has no delay");
        }
        return delays;
    }

    private static int attempts(String value, String item) {
        try {
            int attempts = Integer.parseInt(value);
            if (attempts >= 0) {
                return attempts;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("'" + item.trim() + "' does not start with a number of attempts");
    }

    private static Duration duration(String value, String item) {
        try {
            Duration delay = DurationParser.parse(value, ChronoUnit.MILLIS);
            if (!delay.isNegative()) {
                return delay;
            }
        } catch (RuntimeException e) {
            // answered below
        }
        throw new IllegalArgumentException("'" + item.trim() + "' has no duration such as 10s, 1m or 6h");
    }

    /** The distinct delays, shortest first: one retry queue each. */
    public SortedSet<Duration> steps() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(delays));
    }

    /** How many retries follow the first attempt. */
    public int maxRetries() {
        return delays.size();
    }

    /** How long to wait before retry number {@code retry}, from 1 to {@link #maxRetries()}. */
    public Duration delayBefore(int retry) {
        if (delays.isEmpty()) {
            return Duration.ZERO;
        }
        return delays.get(Math.min(Math.max(retry, 1), delays.size()) - 1);
    }

    /** In the syntax of {@code delayTime}: {@code 20 retries after 5 * 10s, 5 * 1m, 4 * 15m, 6 * 1h}. */
    @Override
    public String toString() {
        if (delays.isEmpty()) {
            return "no retries";
        }
        StringJoiner groups = new StringJoiner(", ");
        for (int start = 0, end; start < delays.size(); start = end) {
            end = start;
            while (end < delays.size() && delays.get(end).equals(delays.get(start))) {
                end++;
            }
            groups.add((end - start > 1 ? (end - start) + " * " : "") + RetryQueues.compact(delays.get(start)));
        }
        return maxRetries() + (maxRetries() == 1 ? " retry after " : " retries after ") + groups;
    }
}
