package io.chronospush.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueContract;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

/** The tests' memory queue keeps James's own contract, and James 3.8.1's reference counting. */
class InMemoryMailQueuesTest implements MailQueueContract {
    private static final MailQueueName NAME = MailQueueName.of("test");

    private final InMemoryMailQueues factory = new InMemoryMailQueues();
    private final InMemoryMailQueues.Queue queue = factory.createQueue(NAME);

    @Override
    public MailQueue getMailQueue() {
        return queue;
    }

    @AfterEach
    void tearDown() {
        factory.shutdown();
    }

    @Test
    void handsOutMailsWhenTheyAreDueInDueOrder() throws Exception {
        queue.enQueue(FakeMail.builder().name("later").build(), Duration.ofMillis(300));
        queue.enQueue(FakeMail.builder().name("now").build());

        List<MailQueue.MailQueueItem> items = Flux.from(queue.deQueue()).take(2).collectList().block(Duration.ofSeconds(5));

        assertThat(items).extracting(item -> item.getMail().getName()).containsExactly("now", "later");
    }

    @Test
    void aRetriedItemComesBack() throws Exception {
        queue.enQueue(FakeMail.builder().name("mail").build());
        MailQueue.MailQueueItem first = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(5));

        first.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);

        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void givesTheSameQueueToEveryCaller() {
        assertThat(factory.createQueue(NAME)).isSameAs(queue);
        assertThat(factory.getQueue(NAME)).containsSame(queue);
        assertThat(factory.listCreatedMailQueues()).containsExactly(NAME);
    }

    @Test
    void stopsAndDropsItsMailsWhenClosedAsOftenAsHandedOut() throws Exception {
        queue.enQueue(FakeMail.builder().name("mail").build());
        factory.getQueue(NAME).orElseThrow();

        queue.close();
        assertThat(queue.isStopped()).isFalse();
        assertThat(queue.size()).isEqualTo(1);

        queue.close();
        assertThat(queue.isStopped()).isTrue();
        assertThat(queue.size()).isZero();
    }
}
