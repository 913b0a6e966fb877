package io.chronospush.retry;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.address.NotificationTarget;
import io.chronospush.metrics.PushMetrics;

/**
 * Where notifications end that will not be sent: a permanent refusal, no retry left, or a retry
 * that failed in an unexpected way. With a {@code failedProcessor}, each goes there as a mail
 * ({@link PendingNotificationCodec#deadLetter}) to be kept, typically by {@code ToRepository},
 * and replayed; without one, it is only logged. Either way it is counted.
 */
public final class DeadLetters {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private final MailetContext context;
    private final Optional<String> processor;
    private final PushMetrics metrics;

    public DeadLetters(MailetContext context, Optional<String> processor, PushMetrics metrics) {
        this.context = context;
        this.processor = processor;
        this.metrics = metrics;
    }

    /** Gives up on {@code target}'s notification, after the attempts {@code tried} records, for {@code reason}. */
    public void send(PendingNotification tried, NotificationTarget target, String reason) {
        String what = "Chronos push for " + target + " failed after " + tried.attempts() + " attempt(s): " + reason;
        try {
            deliver(PendingNotificationCodec.deadLetter(tried, target, reason), what);
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("{}; could not be sent to processor {} either: {}", what, processor.orElseThrow(), e.toString());
        }
        metrics.deadLettered();
    }

    /**
     * Gives up on a mail of the retry queue that could not be retried, as it is, with
     * {@code chronosPush.reason}: an operator can read it and send it back once the cause is gone.
     *
     * @throws MessagingException when it could not be sent to the {@code failedProcessor}
     */
    public void sendAsItIs(Mail mail, String reason) throws MessagingException {
        mail.setAttribute(new Attribute(PendingNotificationCodec.REASON, AttributeValue.of(reason)));
        deliver(mail, "Chronos push: cannot retry " + mail.getName() + ": " + reason);
        metrics.deadLettered();
    }

    private void deliver(Mail deadLetter, String what) throws MessagingException {
        if (processor.isEmpty()) {
            LOGGER.error("{}; given up (no failedProcessor configured)", what);
            return;
        }
        context.sendMail(deadLetter, processor.get());
        LOGGER.error("{}; sent to processor {} as mail {}", what, processor.get(), deadLetter.getName());
    }
}
