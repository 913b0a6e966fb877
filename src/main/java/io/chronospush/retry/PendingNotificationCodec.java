package io.chronospush.retry;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.chronospush.RawMessage;
import io.chronospush.address.NotificationTarget;

/**
 * A {@link PendingNotification} as a James {@link Mail}, so that any James mail queue keeps it
 * and a mail repository holds its dead letters for an operator to read and replay.
 *
 * <p>On the retry queue, one mail carries the message once for all its users, with their folders
 * and recipients ({@code chronosPush.folders}, {@code chronosPush.recipients}), the attempts so
 * far, the last failure and when the next attempt is due. A dead letter is one mail per user,
 * with {@code chronosPush.user}, {@code chronosPush.folder} and {@code chronosPush.deadLetter}.
 * Both decode: a dead letter an operator sends back to the queue is a replay.
 */
public final class PendingNotificationCodec {
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

    private PendingNotificationCodec() {
    }

    /** The mail that waits on the retry queue. */
    public static Mail toMail(PendingNotification pending) throws MessagingException {
        Map<String, AttributeValue<?>> folders = new LinkedHashMap<>();
        Map<String, AttributeValue<?>> recipients = new LinkedHashMap<>();
        pending.targets().forEach(target -> {
            folders.put(target.user(), AttributeValue.of(target.folder()));
            recipients.put(target.user(), AttributeValue.of(target.recipient()));
        });
        MailImpl.Builder mail = MailImpl.builder()
            .name(pending.name())
            .sender(pending.sender())
            .addAttribute(new Attribute(FOLDERS, AttributeValue.of(folders)))
            .addAttribute(new Attribute(RECIPIENTS, AttributeValue.of(recipients)))
            .addAttribute(new Attribute(ATTEMPTS, AttributeValue.of(pending.attempts())));
        pending.lastFailure().ifPresent(reason -> mail.addAttribute(new Attribute(REASON, AttributeValue.of(reason))));
        pending.due().ifPresent(due -> mail.addAttribute(new Attribute(NOT_BEFORE, AttributeValue.of(due.toEpochMilli()))));
        pending.targets().forEach(target -> addRecipient(mail, target));
        return withMessage(mail, pending);
    }

    /** One user's dead letter: {@code target}'s notification, given up on after the pending attempts for {@code reason}. */
    public static Mail deadLetter(PendingNotification pending, NotificationTarget target, String reason) throws MessagingException {
        MailImpl.Builder mail = MailImpl.builder()
            .name(pending.name() + "-" + target.user())
            .sender(pending.sender())
            .addAttribute(new Attribute(USER, AttributeValue.of(target.user())))
            .addAttribute(new Attribute(FOLDER, AttributeValue.of(target.folder())))
            .addAttribute(new Attribute(ATTEMPTS, AttributeValue.of(pending.attempts())))
            .addAttribute(new Attribute(REASON, AttributeValue.of(reason)))
            .addAttribute(new Attribute(DEAD_LETTER, AttributeValue.of(true)));
        addRecipient(mail, target);
        return withMessage(mail, pending);
    }

    /**
     * The notifications a mail of the retry queue carries: one the mailet queued, or a dead letter
     * sent back (see {@link #isDeadLetter}).
     *
     * @throws IllegalArgumentException when the mail carries no notification
     */
    public static PendingNotification fromMail(Mail mail) throws MessagingException {
        List<NotificationTarget> targets = targets(mail);
        try {
            return new PendingNotification(mail.getName(), mail.getMaybeSender(), targets, RawMessage.bytesOf(mail),
                integer(mail, ATTEMPTS).orElse(0), string(mail, REASON),
                value(mail, NOT_BEFORE, Long.class).map(Instant::ofEpochMilli));
        } catch (IOException e) {
            throw new MessagingException("cannot read the message of " + mail.getName(), e);
        }
    }

    /** How long until the notifications {@code mail} carries are due at {@code now}, read without reading the message. */
    public static Duration untilDue(Mail mail, Instant now) {
        return value(mail, NOT_BEFORE, Long.class).map(notBefore -> Duration.between(now, Instant.ofEpochMilli(notBefore)))
            .orElse(Duration.ZERO);
    }

    public static boolean isDeadLetter(Mail mail) {
        return mail.getAttribute(DEAD_LETTER).isPresent();
    }

    private static List<NotificationTarget> targets(Mail mail) {
        Optional<Map<String, String>> folders = map(mail, FOLDERS);
        if (folders.isPresent()) {
            Map<String, String> recipients = map(mail, RECIPIENTS).orElse(Map.of());
            List<NotificationTarget> targets = new ArrayList<>();
            folders.get().forEach((user, folder) -> targets.add(new NotificationTarget(user, folder, recipients.getOrDefault(user, user))));
            return targets;
        }
        String user = string(mail, USER).orElseThrow(() -> new IllegalArgumentException("mail " + mail.getName() + " has no "
            + FOLDERS.asString() + " nor " + USER.asString() + ": it carries no Chronos push notification"));
        String folder = string(mail, FOLDER).orElseThrow(() -> new IllegalArgumentException("mail " + mail.getName() + " has no "
            + FOLDER.asString()));
        String recipient = mail.getRecipients().stream().findFirst().map(MailAddress::asString).orElse(user);
        return List.of(new NotificationTarget(user, folder, recipient));
    }

    private static Mail withMessage(MailImpl.Builder builder, PendingNotification pending) throws MessagingException {
        MailImpl mail = builder.build();
        // Not the builder's mimeMessage(): MailImpl.setMessage copies the message into a new source.
        mail.setMessageNoCopy(RawMessage.inMemory("chronos-push:" + mail.getName(), pending.message()));
        return mail;
    }

    private static void addRecipient(MailImpl.Builder mail, NotificationTarget target) {
        try {
            mail.addRecipient(new MailAddress(target.recipient()));
        } catch (AddressException notAnAddress) {
            // A target from outside a mail (the check tool's) has no recipient to keep.
        }
    }

    private static Optional<Integer> integer(Mail mail, AttributeName name) {
        return value(mail, name, Integer.class);
    }

    private static Optional<String> string(Mail mail, AttributeName name) {
        return value(mail, name, String.class);
    }

    private static <T> Optional<T> value(Mail mail, AttributeName name, Class<T> type) {
        return mail.getAttribute(name).map(Attribute::getValue).map(AttributeValue::getValue)
            .filter(type::isInstance).map(type::cast);
    }

    private static Optional<Map<String, String>> map(Mail mail, AttributeName name) {
        return value(mail, name, Map.class).map(value -> {
            Map<String, String> result = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((key, entry) -> result.put(String.valueOf(key),
                String.valueOf(entry instanceof AttributeValue ? ((AttributeValue<?>) entry).getValue() : entry)));
            return result;
        });
    }
}
