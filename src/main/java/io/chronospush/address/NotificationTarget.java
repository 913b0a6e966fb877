package io.chronospush.address;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.apache.mailet.Mail;

/**
 * One notification's addressee: a James account, the folder the mail goes to for it, and the
 * recipient address it came from.
 */
public final class NotificationTarget {
    private final String user;
    private final String folder;
    private final String recipient;

    public NotificationTarget(String user, String folder, String recipient) {
        this.user = user;
        this.folder = folder;
        this.recipient = recipient;
    }

    /**
     * One target per account among the mail's recipients, in recipient order: two addresses of
     * one account (or one address listed twice) get a single notification, as in Dovecot.
     */
    public static List<NotificationTarget> of(Mail mail, AccountResolver accounts, DeliveryFolder folders) {
        Map<String, NotificationTarget> byUser = new LinkedHashMap<>();
        mail.getRecipients().forEach(recipient -> byUser.computeIfAbsent(accounts.accountOf(recipient),
            user -> new NotificationTarget(user, folders.of(mail, user), recipient.asString())));
        return byUser.values().stream().collect(Collectors.toUnmodifiableList());
    }

    public String user() {
        return user;
    }

    public String folder() {
        return folder;
    }

    /** The first of the mail's recipients that belong to the account. */
    public String recipient() {
        return recipient;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof NotificationTarget)) {
            return false;
        }
        NotificationTarget that = (NotificationTarget) other;
        return user.equals(that.user) && folder.equals(that.folder) && recipient.equals(that.recipient);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, folder, recipient);
    }

    @Override
    public String toString() {
        return "user " + user + ", folder " + folder;
    }
}
