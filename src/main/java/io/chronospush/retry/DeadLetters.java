package io.chronospush.retry;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.address.NotificationTarget;
import io.chronospush.metrics.PushMetrics;

/**
 * Where notifications end that will not be sent: a permanent refusal, or no retry left. With a
 * {@code failedProcessor}, each goes there as a mail (see {@link PendingNotification}) to be
 * kept, typically by {@code ToRepository}, and replayed; without one, it is only logged.
 */
public final class DeadLetters {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private final MailetContext context;
    private final Optional<String> processor;
    private final PushMetrics metrics;
    private final String endpoint;

    public DeadLetters(MailetContext context, Optional<String> processor, PushMetrics metrics, String endpoint) {
        this.context = context;
        this.processor = processor;
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    /** Sends one user's dead letter, made by {@link PendingNotification#deadLetter}. */
    public void send(Mail deadLetter, NotificationTarget target, int attempts, String reason) {
        String what = "Chronos push for " + target + " to " + endpoint + " failed after " + attempts + " attempt(s): " + reason;
        if (processor.isEmpty()) {
            LOGGER.error("{}; given up (no failedProcessor configured)", what);
        } else {
            try {
                context.sendMail(deadLetter, processor.get());
                LOGGER.error("{}; sent to processor {} as mail {}", what, processor.get(), deadLetter.getName());
            } catch (MessagingException | RuntimeException e) {
                LOGGER.error("{}; could not be sent to processor {} either: {}", what, processor.get(), e.toString());
            }
        }
        metrics.deadLettered();
    }
}
