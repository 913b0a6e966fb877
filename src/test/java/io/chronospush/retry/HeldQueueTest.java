package io.chronospush.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import io.chronospush.testing.InMemoryMailQueues;

import reactor.core.publisher.Flux;

class HeldQueueTest {
    private static final MailQueueName NAME = MailQueueName.of("chronos-push");

    private final InMemoryMailQueues factory = new InMemoryMailQueues();

    @AfterEach
    void tearDown() {
        factory.shutdown();
    }

    /** What James 3.8.1's webadmin does for GET /mailQueues/{name}/mails: one reference taken, two given back. */
    private void listAsWebadminDoes() throws Exception {
        MailQueue listed = factory.getQueue(NAME).orElseThrow();
        listed.close();
        listed.close();
    }

    @Test
    void aSharedQueueOutlivesEveryListingAnOperatorMakes() throws Exception {
        InMemoryMailQueues.Queue queue = (InMemoryMailQueues.Queue) HeldQueue.take(factory, NAME, 16);
        queue.enQueue(FakeMail.builder().name("pending").build());

        for (int i = 0; i < 1000; i++) {
            listAsWebadminDoes();
        }

        assertThat(queue.isStopped()).isFalse();
        assertThat(Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(5)).getMail().getName()).isEqualTo("pending");
    }

    /** The defect it mends, on the same queue: without the reserve, the first listing drops the pending mail. */
    @Test
    void withoutItTheFirstListingDropsThePendingMails() throws Exception {
        InMemoryMailQueues.Queue queue = factory.createQueue(NAME);
        queue.enQueue(FakeMail.builder().name("pending").build());

        listAsWebadminDoes();

        assertThat(queue.isStopped()).isTrue();
        assertThat(queue.size()).isZero();
    }

    @Test
    void takesNoReserveOnAFactoryThatBuildsAQueuePerCall() {
        PerCallQueues perCall = new PerCallQueues();

        MailQueue queue = HeldQueue.take(perCall, NAME, 16);

        assertThat(perCall.made).hasSize(2).first().isSameAs(queue);
        assertThat(perCall.made.get(0).closed).isFalse();
        assertThat(perCall.made.get(1).closed).isTrue();
    }

    /** As RabbitMQ's factory in distributed James: every call builds a new queue object over the same broker queue. */
    private static final class PerCallQueues implements MailQueueFactory<PerCallQueues.Instance> {
        private final List<Instance> made = new ArrayList<>();

        @Override
        public Optional<Instance> getQueue(MailQueueName name, PrefetchCount count) {
            return Optional.of(createQueue(name, count));
        }

        @Override
        public Instance createQueue(MailQueueName name, PrefetchCount count) {
            Instance instance = new Instance(name);
            made.add(instance);
            return instance;
        }

        @Override
        public Set<MailQueueName> listCreatedMailQueues() {
            return Set.of(NAME);
        }

        private static final class Instance implements MailQueue {
            private final MailQueueName name;
            private boolean closed;

            Instance(MailQueueName name) {
                this.name = name;
            }

            @Override
            public MailQueueName getName() {
                return name;
            }

            @Override
            public void enQueue(Mail mail, Duration delay) {
            }

            @Override
            public void enQueue(Mail mail) {
            }

            @Override
            public Publisher<Void> enqueueReactive(Mail mail) {
                return Flux.empty();
            }

            @Override
            public Publisher<MailQueueItem> deQueue() {
                return Flux.never();
            }

            @Override
            public void close() {
                closed = true;
            }
        }
    }
}
