package io.chronospush.retry;

import java.io.ByteArrayInputStream;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.chronospush.address.NotificationTarget;

/**
 * A notification waiting for a retry, or given up on, as a James {@link Mail}: the message the
 * notification carries, addressed to the recipient, with the user, the folder, the attempts so
 * far and the last failure as attributes. So any James mail queue can keep it, and a mail
 * repository can hold it for an operator to read and replay.
 */
public final class PendingNotification {
    public static final AttributeName USER = AttributeName.of("chronosPush.user");
    public static final AttributeName FOLDER = AttributeName.of("chronosPush.folder");
    public static final AttributeName ATTEMPTS = AttributeName.of("chronosPush.attempts");
    public static final AttributeName REASON = AttributeName.of("chronosPush.reason");
    /** Set on dead letters: when one comes back to the queue, it is a replay with all retries anew. */
    public static final AttributeName DEAD_LETTER = AttributeName.of("chronosPush.deadLetter");

    private PendingNotification() {
    }

    /** A new pending notification for {@code target}, of the mail {@code mailName}. */
    public static Mail create(String mailName, MaybeSender sender, NotificationTarget target, byte[] message,
                              int attempts, String reason) throws MessagingException {
        MailImpl.Builder mail = MailImpl.builder()
            .name(mailName + "-chronos-push-" + target.user())
            .sender(sender)
            .mimeMessage(new MimeMessage(null, new ByteArrayInputStream(message)))
            .addAttribute(new Attribute(USER, AttributeValue.of(target.user())))
            .addAttribute(new Attribute(FOLDER, AttributeValue.of(target.folder())))
            .addAttribute(new Attribute(ATTEMPTS, AttributeValue.of(attempts)))
            .addAttribute(new Attribute(REASON, AttributeValue.of(reason)));
        try {
            mail.addRecipient(new MailAddress(target.recipient()));
        } catch (javax.mail.internet.AddressException notAnAddress) {
            // A target from outside a mail (the check tool) has no recipient to keep.
        }
        return mail.build();
    }

    public static NotificationTarget target(Mail mail) {
        String user = string(mail, USER).orElseThrow(() -> new IllegalArgumentException("mail " + mail.getName() + " has no " + USER.asString()));
        String folder = string(mail, FOLDER).orElseThrow(() -> new IllegalArgumentException("mail " + mail.getName() + " has no " + FOLDER.asString()));
        String recipient = mail.getRecipients().stream().findFirst().map(MailAddress::asString).orElse(user);
        return new NotificationTarget(user, folder, recipient);
    }

    public static int attempts(Mail mail) {
        return mail.getAttribute(ATTEMPTS).map(Attribute::getValue).map(AttributeValue::getValue)
            .filter(Integer.class::isInstance).map(Integer.class::cast).orElse(0);
    }

    public static Optional<String> reason(Mail mail) {
        return string(mail, REASON);
    }

    public static boolean isDeadLetter(Mail mail) {
        return mail.getAttribute(DEAD_LETTER).isPresent();
    }

    /** Records one more failed attempt and its reason. */
    public static void failed(Mail mail, int attempts, String reason) {
        mail.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of(attempts)));
        mail.setAttribute(new Attribute(REASON, AttributeValue.of(reason)));
    }

    public static void markDeadLetter(Mail mail) {
        mail.setAttribute(new Attribute(DEAD_LETTER, AttributeValue.of(true)));
    }

    /** A replayed dead letter starts over: no attempt made yet. */
    public static void replayed(Mail mail) {
        mail.removeAttribute(DEAD_LETTER);
        mail.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of(0)));
    }

    private static Optional<String> string(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(Attribute::getValue).map(AttributeValue::getValue)
            .filter(String.class::isInstance).map(String.class::cast);
    }
}
