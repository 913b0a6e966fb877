package io.chronospush.retry;

import java.time.Duration;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The retry queue when there is no James {@code MailQueueFactory} to ask (no Guice): the same
 * delays and the same policy, but in this JVM only, so pending retries die with it.
 */
public final class InMemoryMailQueue implements MailQueue {
    private static final Logger LOGGER = LoggerFactory.getLogger(InMemoryMailQueue.class);

    private static final class Entry implements Delayed {
        private final Mail mail;
        private final long dueNanos;

        Entry(Mail mail, Duration delay) {
            this.mail = mail;
            this.dueNanos = System.nanoTime() + Math.max(0, delay.toNanos());
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    private final MailQueueName name;
    private final DelayQueue<Entry> entries = new DelayQueue<>();
    private final Scheduler taker;

    public InMemoryMailQueue(MailQueueName name) {
        this.name = name;
        this.taker = Schedulers.newSingle("chronos-push-memory-queue", true);
    }

    @Override
    public MailQueueName getName() {
        return name;
    }

    /** Keeps a copy, as James's queues do: the caller may dispose of its mail. */
    @Override
    public void enQueue(Mail mail, Duration delay) throws MailQueueException {
        try {
            MailImpl copy = MailImpl.duplicate(mail);
            copy.setName(mail.getName());
            copy.setState(mail.getState());
            entries.put(new Entry(copy, delay));
        } catch (MessagingException e) {
            throw new MailQueueException("cannot copy mail " + mail.getName(), e);
        }
    }

    @Override
    public void enQueue(Mail mail) throws MailQueueException {
        enQueue(mail, Duration.ZERO);
    }

    @Override
    public Publisher<Void> enqueueReactive(Mail mail) {
        return Mono.fromCallable(() -> {
            enQueue(mail);
            return null;
        });
    }

    @Override
    public Publisher<MailQueueItem> deQueue() {
        return Flux.<MailQueueItem>generate(sink -> {
            try {
                Mail mail = entries.take().mail;
                sink.next(new MailQueueItem() {
                    @Override
                    public Mail getMail() {
                        return mail;
                    }

                    @Override
                    public void done(CompletionStatus status) throws MailQueueException {
                        if (status == CompletionStatus.RETRY) {
                            enQueue(mail);
                        }
                    }
                });
            } catch (InterruptedException closed) {
                sink.complete();
            }
        }).subscribeOn(taker);
    }

    public int size() {
        return entries.size();
    }

    @Override
    public void close() {
        int lost = entries.size();
        if (lost > 0) {
            LOGGER.warn("Chronos push: {} notification(s) waiting for a retry are lost with the in-memory retry queue {}"
                + " (without Guice, retries are not durable)", lost, name.asString());
        }
        taker.dispose();
    }
}
