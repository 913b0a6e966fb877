package io.chronospush.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.apache.james.util.DurationParser;

/** Durations as James writes them ({@code 500ms}, {@code 2s}, {@code 1m}); a bare number is seconds. */
public final class Durations {
    private Durations() {
    }

    /** @throws IllegalArgumentException naming {@code value} unless it is a positive duration */
    public static Duration parsePositive(String value) {
        Duration duration;
        try {
            duration = DurationParser.parse(value, ChronoUnit.SECONDS);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration such as 500ms, 2s or 1m");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("'" + value + "' is not a positive duration");
        }
        return duration;
    }
}
