package io.chronospush.status;

import java.util.OptionalLong;

/**
 * The notifications waiting on one retry queue, where James can count them: its queues that are
 * a {@code ManageableMailQueue} (memory, ActiveMQ, RabbitMQ) say how many mails they hold, one a
 * mail whatever its number of recipients.
 */
public final class QueueCount {
    private final String queue;
    private final OptionalLong pending;

    QueueCount(String queue, OptionalLong pending) {
        this.queue = queue;
        this.pending = pending;
    }

    public String queue() {
        return queue;
    }

    /** Empty when the queue cannot be counted: it is no {@code ManageableMailQueue}, or counting it failed. */
    public OptionalLong pending() {
        return pending;
    }
}
