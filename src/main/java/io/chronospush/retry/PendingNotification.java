package io.chronospush.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MaybeSender;

import io.chronospush.address.NotificationTarget;

/**
 * The notifications of one mail that are not sent yet: the users they are for, the message once
 * for all of them, the attempts made so far, the last failure and when the next attempt is due.
 * Immutable; {@link PendingNotificationCodec} keeps it in a James mail queue and makes the dead
 * letters of it.
 */
public final class PendingNotification {
    private static final String NAME_SUFFIX = "-chronos-push";

    private final String name;
    private final MaybeSender sender;
    private final List<NotificationTarget> targets;
    private final byte[] message;
    private final int attempts;
    private final Optional<String> lastFailure;
    private final Optional<Instant> due;

    PendingNotification(String name, MaybeSender sender, List<NotificationTarget> targets, byte[] message, int attempts,
                        Optional<String> lastFailure, Optional<Instant> due) {
        this.name = Objects.requireNonNull(name);
        this.sender = Objects.requireNonNull(sender);
        this.targets = List.copyOf(targets);
        this.message = Objects.requireNonNull(message);
        this.attempts = attempts;
        this.lastFailure = Objects.requireNonNull(lastFailure);
        this.due = Objects.requireNonNull(due);
    }

    /** The notifications for {@code targets} of the delivered mail {@code mailName}, before any attempt. */
    public static PendingNotification of(String mailName, MaybeSender sender, List<NotificationTarget> targets, byte[] message) {
        return new PendingNotification(mailName + NAME_SUFFIX, sender, targets, message, 0, Optional.empty(), Optional.empty());
    }

    /** The same notifications, with one more attempt made: the one about to go out. */
    public PendingNotification attempted() {
        return new PendingNotification(name, sender, targets, message, attempts + 1, lastFailure, due);
    }

    /** What is left for another try: {@code remaining} of the targets, last failed for {@code reason}, due after {@code delay}. */
    public PendingNotification failed(List<NotificationTarget> remaining, String reason, Instant now, Duration delay) {
        return new PendingNotification(name, sender, remaining, message, attempts, Optional.of(reason), Optional.of(now.plus(delay)));
    }

    /** The same notifications, with no attempt made yet and due now: a dead letter sent back by an operator. */
    public PendingNotification replayed() {
        return new PendingNotification(name, sender, targets, message, 0, lastFailure, Optional.empty());
    }

    /** The name of the mail that carries these notifications on the queue: the delivered mail's, with a suffix. */
    public String name() {
        return name;
    }

    public MaybeSender sender() {
        return sender;
    }

    public List<NotificationTarget> targets() {
        return targets;
    }

    /** The message as delivered, shared, not copied: callers must not change it. */
    public byte[] message() {
        return message;
    }

    /** Attempts made so far: the inline one counts. */
    public int attempts() {
        return attempts;
    }

    public Optional<String> lastFailure() {
        return lastFailure;
    }

    /** When the next attempt may go; empty when it may go at once. */
    public Optional<Instant> due() {
        return due;
    }

    /** How long until the next attempt is due at {@code now}: zero or negative when it is. */
    public Duration untilDue(Instant now) {
        return due.map(when -> Duration.between(now, when)).orElse(Duration.ZERO);
    }

    @Override
    public String toString() {
        return name + " for " + targets + " after " + attempts + " attempt(s)";
    }
}
