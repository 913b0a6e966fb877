package io.chronospush.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte count in Dovecot's size syntax, as in {@code push_notification_chronos_msg_max_size}:
 * {@code 1mb}, {@code 500kb}, {@code 1m}, {@code 512k}, {@code 2048}, {@code 1 MB}.
 * Units are b, k/kb, m/mb and g/gb, case-insensitive, base 1024.
 */
public final class ByteSize {
    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d+)\\s*([a-z]*)\\s*");

    private ByteSize() {
    }

    /**
     * @return the positive number of bytes {@code value} stands for
     * @throws IllegalArgumentException naming {@code value} when it is empty, unparsable, zero or too large
     */
    public static long parse(String value) {
        Matcher matcher = SYNTAX.matcher(String.valueOf(value).toLowerCase(Locale.US));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a size such as 1mb, 500kb or 2048");
        }
        long multiplier = multiplier(matcher.group(2), value);
        try {
            long bytes = Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier);
            if (bytes <= 0) {
                throw new IllegalArgumentException("'" + value + "' is not a positive size");
            }
            return bytes;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is too large a size");
        }
    }

    private static long multiplier(String unit, String value) {
        switch (unit) {
            case "":
            case "b":
                return 1L;
            case "k":
            case "kb":
                return 1L << 10;
            case "m":
            case "mb":
                return 1L << 20;
            case "g":
            case "gb":
                return 1L << 30;
            default:
                throw new IllegalArgumentException("'" + value + "' has an unknown unit '" + unit + "' (use b, kb, mb or gb)");
        }
    }
}
