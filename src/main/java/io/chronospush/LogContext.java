package io.chronospush;

import java.io.Closeable;

import org.apache.james.util.MDCBuilder;

import io.chronospush.transport.Endpoint;

/**
 * What the extension adds to the logging context (SLF4J's MDC) while it handles a mail's
 * notifications, as James's own mailets do: the endpoint (password masked) and the mail. Log
 * layouts that show the MDC ({@code %X}, or any JSON layout) show them on every line; the
 * messages themselves name the user and folder.
 */
public final class LogContext {
    public static final String ENDPOINT = "chronosPush.endpoint";
    public static final String MAIL = "chronosPush.mail";

    private final String endpoint;

    public LogContext(Endpoint endpoint) {
        this.endpoint = endpoint.toString();
    }

    /** Puts the context of {@code mailName}'s notifications into this thread's MDC, until closed. */
    public Closeable forMail(String mailName) {
        return MDCBuilder.create()
            .addToContext(ENDPOINT, endpoint)
            .addToContext(MAIL, mailName)
            .build();
    }
}
