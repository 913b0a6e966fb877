package io.chronospush.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Messages built to hurt a MIME walker: deep nesting and huge part counts, around one calendar part. */
public final class HostileMime {
    public static final String CRLF = "\r\n";
    public static final String CALENDAR_PART = "Content-Type: text/calendar; charset=UTF-8; method=REQUEST" + CRLF
        + CRLF
        + "BEGIN:VCALENDAR" + CRLF
        + "END:VCALENDAR" + CRLF;

    private HostileMime() {
    }

    /**
     * A text/calendar entity at the given level: the top-level message is level 1, and each
     * enclosing multipart adds one.
     */
    public static byte[] calendarInNestedMultiparts(int level) {
        return bytes(nestedMultiparts(level, CALENDAR_PART));
    }

    /** A text/calendar entity at the given level, inside {@code level - 1} nested message/rfc822 entities. */
    public static byte[] calendarInNestedMessages(int level) {
        return bytes("Content-Type: message/rfc822\r\n\r\n".repeat(level - 1) + CALENDAR_PART);
    }

    /** A multipart/mixed message of {@code count} empty parts, then a text/calendar part. */
    public static byte[] partsThenCalendar(int count) {
        String[] parts = Arrays.copyOf(emptyParts(count), count + 1);
        parts[count] = CALENDAR_PART;
        return bytes(multipart("parts", parts));
    }

    /** {@code innermost} (headers and body) at the given level, inside {@code level - 1} nested multiparts. */
    public static String nestedMultiparts(int level, String innermost) {
        StringBuilder message = new StringBuilder();
        for (int multipart = 1; multipart < level; multipart++) {
            message.append("Content-Type: multipart/mixed; boundary=\"").append(boundary(multipart)).append('"').append(CRLF)
                .append(CRLF)
                .append("--").append(boundary(multipart)).append(CRLF);
        }
        message.append(innermost);
        for (int multipart = level - 1; multipart >= 1; multipart--) {
            message.append("--").append(boundary(multipart)).append("--").append(CRLF);
        }
        return message.toString();
    }

    /** A multipart/mixed entity, headers and body; each part is its own headers and body. */
    public static String multipart(String boundary, String... parts) {
        StringBuilder multipart = new StringBuilder()
            .append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append('"').append(CRLF)
            .append(CRLF);
        for (String part : parts) {
            multipart.append("--").append(boundary).append(CRLF).append(part);
        }
        return multipart.append("--").append(boundary).append("--").append(CRLF).toString();
    }

    /** Parts without headers or body. */
    public static String[] emptyParts(int count) {
        String[] parts = new String[count];
        Arrays.fill(parts, CRLF);
        return parts;
    }

    public static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.US_ASCII);
    }

    private static String boundary(int level) {
        return String.format("level-%05d", level);
    }
}
