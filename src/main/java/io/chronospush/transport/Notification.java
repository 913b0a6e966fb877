package io.chronospush.transport;

import io.chronospush.address.NotificationTarget;
import io.chronospush.payload.PushDocument;

/** One user's notification: whom it is about, for the logs, and the document to send. */
public final class Notification {
    private final NotificationTarget target;
    private final PushDocument document;

    public Notification(NotificationTarget target, PushDocument document) {
        this.target = target;
        this.document = document;
    }

    public PushDocument document() {
        return document;
    }

    @Override
    public String toString() {
        return target.toString();
    }
}
