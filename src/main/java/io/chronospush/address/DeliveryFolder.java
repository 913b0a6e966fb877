package io.chronospush.address;

import java.util.Collection;
import java.util.Optional;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * The mailbox a mail is about to be stored in for one user, as Sieve and JMAP filtering
 * leave it for {@code LocalDelivery}: the first of {@code DeliveryPaths_<user>} (James 3.9,
 * a collection of strings), else {@code DeliveryPath_<user>} (James 3.8, a string), else INBOX.
 * The value is normalised as James's {@code MailboxAppenderImpl} does before it appends.
 *
 * <p>James's {@code StorageDirective.fromMail} reads the same attributes, but its API differs
 * between 3.8 (one folder) and 3.9 (several), and one source serves both lines.
 */
public final class DeliveryFolder {
    public static final String INBOX = "INBOX";
    static final String DELIVERY_PATHS_PREFIX = "DeliveryPaths_";
    static final String DELIVERY_PATH_PREFIX = "DeliveryPath_";
    /** James 3.9 lets operators change the folder delimiter with this system property; 3.8 always uses '.'. */
    static final String DELIMITER_PROPERTY = "james.mailbox.folder.delimiter";

    private final char delimiter;

    public DeliveryFolder() {
        this(delimiterOf(System.getProperty(DELIMITER_PROPERTY)));
    }

    DeliveryFolder(char delimiter) {
        this.delimiter = delimiter;
    }

    public String of(Mail mail, String user) {
        return firstOf(mail, DELIVERY_PATHS_PREFIX + user)
            .or(() -> stringOf(mail, DELIVERY_PATH_PREFIX + user))
            .map(this::asMailboxName)
            .filter(name -> !name.isEmpty())
            .orElse(INBOX);
    }

    /** '/' becomes the delimiter and one leading delimiter goes: "/INBOX/Invites" is "INBOX.Invites". */
    String asMailboxName(String path) {
        String name = path.replace('/', delimiter);
        if (!name.isEmpty() && name.charAt(0) == delimiter) {
            return name.substring(1);
        }
        return name;
    }

    private static Optional<String> firstOf(Mail mail, String attribute) {
        return mail.getAttribute(AttributeName.of(attribute))
            .map(found -> found.getValue().getValue())
            .filter(Collection.class::isInstance)
            .flatMap(values -> ((Collection<?>) values).stream().findFirst())
            .map(first -> first instanceof AttributeValue ? ((AttributeValue<?>) first).getValue() : first)
            .filter(String.class::isInstance)
            .map(String.class::cast);
    }

    private static Optional<String> stringOf(Mail mail, String attribute) {
        return mail.getAttribute(AttributeName.of(attribute))
            .map(found -> found.getValue().getValue())
            .filter(String.class::isInstance)
            .map(String.class::cast);
    }

    /** The names James 3.9's {@code MailboxConstants.MailboxFolderDelimiter} accepts. */
    static char delimiterOf(String name) {
        if (name == null) {
            return '.';
        }
        switch (name.toUpperCase(java.util.Locale.US)) {
            case "SLASH":
                return '/';
            case "PIPE":
                return '|';
            case "COMMA":
                return ',';
            case "COLON":
                return ':';
            case "SEMICOLON":
                return ';';
            default:
                return '.';
        }
    }
}
