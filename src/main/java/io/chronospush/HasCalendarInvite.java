package io.chronospush;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.config.ByteSize;
import io.chronospush.detect.CalendarInviteDetector;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.status.PushStatus;

/**
 * Matches mails that carry a calendar invitation and are no larger than a limit, returning all
 * their recipients. A mail carries an invitation when some MIME entity, at any depth (inside
 * {@code message/rfc822} too), is {@code text/calendar} or has a file name ending in {@code .ics}.
 *
 * <p>The condition is the maximum message size in Dovecot's syntax ({@code 1mb}, {@code 500kb},
 * {@code 2048}...); it defaults to {@value #DEFAULT_MAX_SIZE}. A mail of exactly that size matches.
 * <pre>{@code
 * <mailet match="io.chronospush.HasCalendarInvite=1mb" class="io.chronospush.ChronosPushNotification">
 *     <url>https://login:password@ox.example.com/chronos/v1/itip/pushmail</url>
 * </mailet>
 * }</pre>
 *
 * <p>It reads no more of a mail than it needs, decodes no body, and gives up on malformed MIME
 * without throwing: see {@link CalendarInviteDetector} for the caps on nesting and parts. It
 * counts {@value PushMetrics#MATCHED} and {@value PushMetrics#SKIPPED_OVER_SIZE}.
 */
public class HasCalendarInvite extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(HasCalendarInvite.class);
    public static final String DEFAULT_MAX_SIZE = "1mb";

    private final CalendarInviteDetector detector = new CalendarInviteDetector();
    private final PushMetrics metrics;
    private long maxSize;

    @Inject
    public HasCalendarInvite(PushStatus status) {
        this(status.metrics());
    }

    HasCalendarInvite(PushMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init() throws MessagingException {
        String condition = Optional.ofNullable(getCondition()).map(String::trim).filter(value -> !value.isEmpty()).orElse(DEFAULT_MAX_SIZE);
        try {
            maxSize = ByteSize.parse(condition);
        } catch (IllegalArgumentException e) {
            throw new MessagingException("HasCalendarInvite: invalid maximum message size: " + e.getMessage());
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        try {
            if (mail.getMessageSize() > maxSize) {
                metrics.skippedOverSize();
                return List.of();
            }
            try (InputStream message = RawMessage.streamOf(mail.getMessage())) {
                if (!detector.hasCalendarInvite(message)) {
                    return List.of();
                }
            }
            metrics.matched();
            return mail.getRecipients();
        } catch (IOException | MessagingException | RuntimeException e) {
            // Not a calendar we can see: the mail goes on to delivery, which is what matters.
            LOGGER.warn("HasCalendarInvite: cannot walk the MIME structure of mail {}, taking it for no invitation: {}", mail.getName(), e.toString());
            return List.of();
        }
    }

    @Override
    public String getMatcherInfo() {
        return "HasCalendarInvite";
    }

    long maxSize() {
        return maxSize;
    }
}
