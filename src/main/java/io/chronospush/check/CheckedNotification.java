package io.chronospush.check;

import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.chronospush.address.NotificationTarget;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.payload.PushDocument;
import io.chronospush.payload.PushPayload;
import io.chronospush.transport.Endpoint;
import io.chronospush.transport.Notification;
import io.chronospush.transport.PushNotifier;
import io.chronospush.transport.PushOutcome;

/**
 * One notification for a message file, built and sent the one way both checks have: the check
 * tool ({@link PushCheck}) and webadmin's {@code POST /chronos-push/check}. The file's line ends
 * are made CRLF ({@link LineEnds}), the JSON is the mailet's ({@link PushPayload}), and it goes
 * with a client of its own in one attempt, counted in no metric: a check is no notification.
 */
public final class CheckedNotification {
    private final String user;
    private final String folder;
    private final byte[] message;
    private final boolean normalised;
    private final PushDocument document;

    private CheckedNotification(String user, String folder, byte[] message, boolean normalised) {
        this.user = user;
        this.folder = folder;
        this.message = message;
        this.normalised = normalised;
        this.document = new PushPayload(message).forRecipient(user, folder);
    }

    /** The notification of {@code file} for {@code user}, delivered to {@code folder}. */
    public static CheckedNotification of(byte[] file, String user, String folder) {
        byte[] message = LineEnds.crlf(file);
        return new CheckedNotification(user, folder, message, message != file);
    }

    /** Sends it once, with the mailet's {@code url}, {@code method}, {@code timeout} and TLS settings. */
    public PushOutcome sendOnce(Endpoint endpoint, String method, Duration timeout, SSLContext tls) {
        NotificationTarget target = new NotificationTarget(user, folder, user);
        try (PushNotifier notifier = new PushNotifier(endpoint, method, timeout, tls, PushMetrics.NONE)) {
            return notifier.send(List.of(new Notification(target, document))).get(0);
        }
    }

    /** What {@code outcome} means for OX: "ACCEPTED: ..." or "NOT ACCEPTED: ...". */
    public String verdict(PushOutcome outcome) {
        if (outcome.isAccepted()) {
            return "ACCEPTED: " + outcome.description() + ". OX has the invitation for " + user + " and runs its iTIP auto-scheduling on it.";
        }
        return "NOT ACCEPTED: " + outcome.description();
    }

    public String user() {
        return user;
    }

    public String folder() {
        return folder;
    }

    /** The message as sent: CRLF line ends. */
    public int messageLength() {
        return message.length;
    }

    /** Whether the file had other line ends than CRLF, made CRLF. */
    public boolean lineEndsNormalised() {
        return normalised;
    }

    /** The JSON sent. */
    public PushDocument document() {
        return document;
    }
}
