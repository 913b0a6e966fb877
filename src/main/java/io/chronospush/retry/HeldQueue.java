package io.chronospush.retry;

import java.io.IOException;
import java.util.Optional;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the retry queue from James's {@link MailQueueFactory} so that nothing an operator does
 * in webadmin can close it under the mailet.
 *
 * <p>James 3.8.1's memory queue counts references: {@code createQueue} and {@code getQueue}
 * take one, {@code close()} gives one back, and when none is left the queue stops and drops the
 * mails it holds. Webadmin's {@code GET /mailQueues/{name}/mails} gives back two for the one it
 * takes, so each listing would cost the mailet one of its references, and the first listing of a
 * queue only the mailet uses would drop every pending retry. Where the factory hands out one
 * shared queue (memory, ActiveMQ), the mailet takes {@value #RESERVE} references up front: no
 * operator lists a queue that often. Where it builds a new queue per call (RabbitMQ), closing
 * another's instance does not touch the mailet's, and nothing is held.
 */
public final class HeldQueue {
    private static final Logger LOGGER = LoggerFactory.getLogger(HeldQueue.class);
    static final int RESERVE = 100_000;

    private HeldQueue() {
    }

    /** The queue {@code name}, whose consumer may hold {@code prefetch} deliveries unacknowledged. */
    public static MailQueue take(MailQueueFactory<?> factory, MailQueueName name, int prefetch) {
        MailQueue queue = factory.createQueue(name, MailQueueFactory.prefetchCount(prefetch));
        Optional<? extends MailQueue> again = factory.getQueue(name);
        if (again.isPresent() && again.get() == queue) {
            for (int reference = 2; reference < RESERVE; reference++) {
                factory.getQueue(name);
            }
            LOGGER.debug("Chronos push: holding {} references on the shared retry queue {}", RESERVE, name.asString());
        } else {
            again.ifPresent(HeldQueue::closeQuietly);
        }
        return queue;
    }

    private static void closeQuietly(MailQueue another) {
        try {
            another.close();
        } catch (IOException | RuntimeException e) {
            LOGGER.debug("Chronos push: could not close a second instance of the retry queue: {}", e.toString());
        }
    }
}
