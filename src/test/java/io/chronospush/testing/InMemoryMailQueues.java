package io.chronospush.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A James {@link MailQueueFactory} in memory for the tests of both James lines: James 3.9's
 * memory queue is not published. It behaves as James 3.8.1's {@code MemoryMailQueueFactory}
 * does, and passes James's {@code MailQueueContract} ({@code InMemoryMailQueuesTest}): one
 * shared queue per name, delays honoured, copies kept, and references counted, so that a queue
 * closed as often as it was handed out drops its mails and stops, as James's does.
 */
public final class InMemoryMailQueues implements MailQueueFactory<InMemoryMailQueues.Queue> {
    private final ConcurrentHashMap<MailQueueName, Queue> queues = new ConcurrentHashMap<>();

    @Override
    public Optional<Queue> getQueue(MailQueueName name, PrefetchCount count) {
        Optional<Queue> queue = Optional.ofNullable(queues.get(name));
        queue.ifPresent(Queue::reference);
        return queue;
    }

    @Override
    public Queue createQueue(MailQueueName name, PrefetchCount count) {
        Queue queue = queues.computeIfAbsent(name, Queue::new);
        queue.reference();
        return queue;
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return Set.copyOf(queues.keySet());
    }

    /** Closes every queue, whatever its references: the end of a test. */
    public void shutdown() {
        queues.values().forEach(Queue::stop);
    }

    public static final class Queue implements MailQueue {
        private static final AtomicLong SEQUENCE = new AtomicLong();
        private static final Duration POLL = Duration.ofMillis(100);

        private final MailQueueName name;
        private final DelayQueue<Entry> entries = new DelayQueue<>();
        private final AtomicInteger references = new AtomicInteger();
        private final AtomicInteger refusals = new AtomicInteger();
        private final Scheduler taker;
        private final Flux<MailQueueItem> items;

        private Queue(MailQueueName name) {
            this.name = name;
            this.taker = Schedulers.newBoundedElastic(4, Integer.MAX_VALUE, "in-memory-mail-queue-" + name.asString(), 60, true);
            // Taken only when asked for, and put back when the taker was cancelled meanwhile: as James's
            // JMS queue, each request is one bounded wait for a mail.
            this.items = Mono.<MailQueueItem>create(sink -> {
                AtomicBoolean cancelled = new AtomicBoolean();
                sink.onCancel(() -> cancelled.set(true));
                try {
                    Entry entry = entries.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    if (entry == null) {
                        sink.success();
                    } else if (cancelled.get()) {
                        entries.put(entry);
                        sink.success();
                    } else {
                        sink.success(item(entry.mail));
                    }
                } catch (InterruptedException stopped) {
                    sink.success();
                }
            }).repeat(() -> !taker.isDisposed()).subscribeOn(taker);
        }

        private void reference() {
            references.incrementAndGet();
        }

        @Override
        public MailQueueName getName() {
            return name;
        }

        /** Keeps a copy, as James's queues do: the caller may dispose of its mail. */
        @Override
        public void enQueue(Mail mail, Duration delay) throws MailQueueException {
            if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new MailQueueException("Timeout enqueueing " + mail.getName() + " (refused by the test, as James's RabbitMQ"
                    + " queue refuses a mail whose publish the broker did not confirm)");
            }
            entries.put(new Entry(copy(mail), delay));
        }

        /** The next {@code count} enqueues fail; a delivery put back ({@code done(RETRY)}) still goes back. */
        public void refuseEnqueues(int count) {
            refusals.set(count);
        }

        @Override
        public void enQueue(Mail mail) throws MailQueueException {
            enQueue(mail, Duration.ZERO);
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            return Mono.fromRunnable(() -> {
                try {
                    enQueue(mail);
                } catch (MailQueueException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return items;
        }

        public int size() {
            return entries.size();
        }

        public boolean isStopped() {
            return taker.isDisposed();
        }

        /** Gives back one reference; the last one stops the queue and drops its mails, as James 3.8.1's memory queue does. */
        @Override
        public void close() {
            if (references.decrementAndGet() <= 0) {
                stop();
            }
        }

        private void stop() {
            taker.dispose();
            entries.forEach(entry -> LifecycleUtil.dispose(entry.mail));
            entries.clear();
        }

        private MailQueueItem item(Mail mail) {
            return new MailQueueItem() {
                @Override
                public Mail getMail() {
                    return mail;
                }

                @Override
                public void done(CompletionStatus status) throws MailQueueException {
                    if (status == CompletionStatus.RETRY) {
                        entries.put(new Entry(copy(mail), Duration.ZERO));
                    }
                }
            };
        }

        private static Mail copy(Mail mail) throws MailQueueException {
            try {
                MailImpl copy = MailImpl.duplicate(mail);
                copy.setName(mail.getName());
                copy.setState(mail.getState());
                return copy;
            } catch (MessagingException e) {
                throw new MailQueueException("cannot copy mail " + mail.getName(), e);
            }
        }

        private static final class Entry implements Delayed {
            private final Mail mail;
            private final long dueNanos;
            private final long sequence = SEQUENCE.incrementAndGet();

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
                Entry that = (Entry) other;
                int byDue = Long.compare(dueNanos, that.dueNanos);
                return byDue != 0 ? byDue : Long.compare(sequence, that.sequence);
            }
        }
    }
}
