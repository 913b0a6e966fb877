package io.chronospush.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

class InMemoryMailQueueTest {
    private final InMemoryMailQueue queue = new InMemoryMailQueue(MailQueueName.of("test"));

    @AfterEach
    void tearDown() {
        queue.close();
    }

    @Test
    void handsOutMailsWhenTheyAreDueInDueOrder() throws Exception {
        queue.enQueue(FakeMail.builder().name("later").build(), Duration.ofMillis(300));
        queue.enQueue(FakeMail.builder().name("now").build());
        long start = System.nanoTime();

        List<MailQueue.MailQueueItem> items = Flux.from(queue.deQueue()).take(2).collectList().block(Duration.ofSeconds(5));

        assertThat(items).extracting(item -> item.getMail().getName()).containsExactly("now", "later");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aRetriedItemComesBack() throws Exception {
        queue.enQueue(FakeMail.builder().name("mail").build());
        MailQueue.MailQueueItem first = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(5));

        first.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);

        assertThat(queue.size()).isEqualTo(1);
    }
}
