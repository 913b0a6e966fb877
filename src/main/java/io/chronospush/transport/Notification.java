package io.chronospush.transport;

import java.util.List;
import java.util.stream.Collectors;

import io.chronospush.address.NotificationTarget;
import io.chronospush.payload.PushDocument;
import io.chronospush.payload.PushPayload;

/** One user's notification: whom it is about, for the logs, and the document to send. */
public final class Notification {
    private final NotificationTarget target;
    private final PushDocument document;

    public Notification(NotificationTarget target, PushDocument document) {
        this.target = target;
        this.document = document;
    }

    /** One notification for each of {@code targets}, all sharing the body of {@code payload}. */
    public static List<Notification> forEach(List<NotificationTarget> targets, PushPayload payload) {
        return targets.stream()
            .map(target -> new Notification(target, payload.forRecipient(target.user(), target.folder())))
            .collect(Collectors.toList());
    }

    public PushDocument document() {
        return document;
    }

    @Override
    public String toString() {
        return target.toString();
    }
}
