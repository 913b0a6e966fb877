package io.chronospush.retry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.chronospush.RawMessage;
import io.chronospush.address.NotificationTarget;

/**
 * Notifications waiting for a retry, or given up on, as James {@link Mail}s, so that any James
 * mail queue can keep them and a mail repository can hold them for an operator to read and
 * replay. A mail waiting for a retry carries the message once for all its users, with their
 * folders and recipients ({@code chronosPush.folders}, {@code chronosPush.recipients}), the
 * attempts so far, the last failure and when the next attempt is due. A dead letter is one per
 * user, with {@code chronosPush.user} and {@code chronosPush.folder}. Either can be queued.
 */
public final class PendingNotification {
    public static final AttributeName USER = AttributeName.of("chronosPush.user");
    public static final AttributeName FOLDER = AttributeName.of("chronosPush.folder");
    public static final AttributeName FOLDERS = AttributeName.of("chronosPush.folders");
    public static final AttributeName RECIPIENTS = AttributeName.of("chronosPush.recipients");
    public static final AttributeName ATTEMPTS = AttributeName.of("chronosPush.attempts");
    public static final AttributeName REASON = AttributeName.of("chronosPush.reason");
    /** When the next attempt is due, in milliseconds since the epoch: not every James queue honours delays. */
    public static final AttributeName NOT_BEFORE = AttributeName.of("chronosPush.notBefore");
    /** Set on dead letters: when one comes back to the queue, it is a replay with all retries anew. */
    public static final AttributeName DEAD_LETTER = AttributeName.of("chronosPush.deadLetter");

    private PendingNotification() {
    }

    /** The notifications of {@code targets} for the mail {@code mailName}, waiting for their next attempt. */
    public static Mail create(String mailName, MaybeSender sender, List<NotificationTarget> targets, byte[] message,
                              int attempts, String reason) throws MessagingException {
        Map<String, AttributeValue<?>> folders = new LinkedHashMap<>();
        Map<String, AttributeValue<?>> recipients = new LinkedHashMap<>();
        targets.forEach(target -> {
            folders.put(target.user(), AttributeValue.of(target.folder()));
            recipients.put(target.user(), AttributeValue.of(target.recipient()));
        });
        MailImpl.Builder mail = MailImpl.builder()
            .name(mailName + "-chronos-push")
            .sender(sender)
            .addAttribute(new Attribute(FOLDERS, AttributeValue.of(folders)))
            .addAttribute(new Attribute(RECIPIENTS, AttributeValue.of(recipients)))
            .addAttribute(new Attribute(ATTEMPTS, AttributeValue.of(attempts)))
            .addAttribute(new Attribute(REASON, AttributeValue.of(reason)));
        targets.forEach(target -> addRecipient(mail, target));
        MailImpl pending = mail.build();
        // Not the builder's mimeMessage(): MailImpl.setMessage copies the message into a new source.
        pending.setMessageNoCopy(RawMessage.inMemory("chronos-push:" + mailName, message));
        return pending;
    }

    /** One user's dead letter, from a pending mail's message. */
    public static Mail deadLetter(Mail pending, NotificationTarget target, int attempts, String reason) throws MessagingException, IOException {
        MailImpl.Builder mail = MailImpl.builder()
            .name(pending.getName() + "-" + target.user())
            .sender(pending.getMaybeSender())
            .addAttribute(new Attribute(USER, AttributeValue.of(target.user())))
            .addAttribute(new Attribute(FOLDER, AttributeValue.of(target.folder())))
            .addAttribute(new Attribute(ATTEMPTS, AttributeValue.of(attempts)))
            .addAttribute(new Attribute(REASON, AttributeValue.of(reason)))
            .addAttribute(new Attribute(DEAD_LETTER, AttributeValue.of(true)));
        addRecipient(mail, target);
        MailImpl deadLetter = mail.build();
        deadLetter.setMessageNoCopy(RawMessage.inMemory("chronos-push:" + deadLetter.getName(), RawMessage.bytesOf(pending)));
        return deadLetter;
    }

    private static void addRecipient(MailImpl.Builder mail, NotificationTarget target) {
        try {
            mail.addRecipient(new MailAddress(target.recipient()));
        } catch (AddressException notAnAddress) {
            // A target from outside a mail has no recipient to keep.
        }
    }

    /** Whom the mail's notifications are for: a pending mail's users, or a dead letter's one. */
    public static List<NotificationTarget> targets(Mail mail) {
        Optional<Map<String, String>> folders = map(mail, FOLDERS);
        if (folders.isPresent()) {
            Map<String, String> recipients = map(mail, RECIPIENTS).orElse(Map.of());
            List<NotificationTarget> targets = new ArrayList<>();
            folders.get().forEach((user, folder) -> targets.add(new NotificationTarget(user, folder, recipients.getOrDefault(user, user))));
            return targets;
        }
        String user = string(mail, USER).orElseThrow(() -> new IllegalArgumentException("mail " + mail.getName() + " has no "
            + FOLDERS.asString() + " nor " + USER.asString()));
        String folder = string(mail, FOLDER).orElseThrow(() -> new IllegalArgumentException("mail " + mail.getName() + " has no " + FOLDER.asString()));
        String recipient = mail.getRecipients().stream().findFirst().map(MailAddress::asString).orElse(user);
        return List.of(new NotificationTarget(user, folder, recipient));
    }

    /** Keeps only {@code targets} in a pending mail, for its next attempt. */
    public static void retain(Mail mail, List<NotificationTarget> targets) {
        if (mail.getAttribute(FOLDERS).isEmpty()) {
            return;
        }
        Map<String, AttributeValue<?>> folders = new LinkedHashMap<>();
        Map<String, AttributeValue<?>> recipients = new LinkedHashMap<>();
        targets.forEach(target -> {
            folders.put(target.user(), AttributeValue.of(target.folder()));
            recipients.put(target.user(), AttributeValue.of(target.recipient()));
        });
        mail.setAttribute(new Attribute(FOLDERS, AttributeValue.of(folders)));
        mail.setAttribute(new Attribute(RECIPIENTS, AttributeValue.of(recipients)));
    }

    public static int attempts(Mail mail) {
        return mail.getAttribute(ATTEMPTS).map(Attribute::getValue).map(AttributeValue::getValue)
            .filter(Integer.class::isInstance).map(Integer.class::cast).orElse(0);
    }

    /** Milliseconds until the next attempt is due; 0 or less when it is. */
    public static long millisUntilDue(Mail mail) {
        return mail.getAttribute(NOT_BEFORE).map(Attribute::getValue).map(AttributeValue::getValue)
            .filter(Long.class::isInstance).map(Long.class::cast)
            .map(notBefore -> notBefore - System.currentTimeMillis()).orElse(0L);
    }

    public static boolean isDeadLetter(Mail mail) {
        return mail.getAttribute(DEAD_LETTER).isPresent();
    }

    /** Records the failed attempts so far, the last reason, and when the next attempt is due. */
    public static void failed(Mail mail, int attempts, String reason, Duration nextIn) {
        mail.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of(attempts)));
        mail.setAttribute(new Attribute(REASON, AttributeValue.of(reason)));
        mail.setAttribute(new Attribute(NOT_BEFORE, AttributeValue.of(System.currentTimeMillis() + nextIn.toMillis())));
    }

    /** A replayed dead letter starts over: no attempt made yet, due now. */
    public static void replayed(Mail mail) {
        mail.removeAttribute(DEAD_LETTER);
        mail.removeAttribute(NOT_BEFORE);
        mail.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of(0)));
    }

    private static Optional<String> string(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(Attribute::getValue).map(AttributeValue::getValue)
            .filter(String.class::isInstance).map(String.class::cast);
    }

    private static Optional<Map<String, String>> map(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(Attribute::getValue).map(AttributeValue::getValue)
            .filter(Map.class::isInstance).map(value -> {
                Map<String, String> result = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, entry) -> result.put(String.valueOf(key),
                    String.valueOf(entry instanceof AttributeValue ? ((AttributeValue<?>) entry).getValue() : entry)));
                return result;
            });
    }
}
