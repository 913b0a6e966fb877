package io.chronospush.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chronospush.address.NotificationTarget;

class UnqueuedRetriesTest {
    private static final byte[] MESSAGE = "Subject: invitation\r\n\r\nBEGIN:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8);
    private static final NotificationTarget BOB = new NotificationTarget("bob@example.com", "INBOX", "bob@example.com");
    private static final Exception NOT_CONFIRMED = new IllegalStateException("publish not confirmed");

    private final AtomicInteger refusals = new AtomicInteger();
    private final List<Duration> queuedWithDelay = new CopyOnWriteArrayList<>();
    private final Map<String, String> givenUp = new ConcurrentHashMap<>();
    private UnqueuedRetries unqueued;

    private UnqueuedRetries start(Duration giveUpAfter, long capacity) {
        return start(Duration.ofMillis(50), giveUpAfter, capacity);
    }

    private UnqueuedRetries start(Duration backoff, Duration giveUpAfter, long capacity) {
        unqueued = new UnqueuedRetries((again, delay) -> {
            if (refusals.getAndDecrement() > 0) {
                throw NOT_CONFIRMED;
            }
            queuedWithDelay.add(delay);
        }, (again, reason) -> givenUp.put(again.name(), reason), Clock.systemUTC(), backoff, giveUpAfter, capacity);
        return unqueued;
    }

    @AfterEach
    void tearDown() {
        unqueued.close();
    }

    private static PendingNotification pending(String mail) {
        return PendingNotification.of(mail, MaybeSender.nullSender(), List.of(BOB), MESSAGE).attempted()
            .failed(List.of(BOB), "HTTP 503", Instant.now(), Duration.ofMinutes(1));
    }

    @Test
    void offersAgainUntilTheQueueTakesItOnTheQueueOfItsDelay() {
        refusals.set(3);
        start(Duration.ofMinutes(1), 1024).keep(pending("mail1"), Duration.ofMinutes(1), NOT_CONFIRMED);

        await().atMost(Duration.ofSeconds(10)).until(() -> queuedWithDelay.size() == 1);

        assertThat(queuedWithDelay).containsExactly(Duration.ofMinutes(1));
        assertThat(unqueued.size()).isZero();
        assertThat(givenUp).isEmpty();
    }

    @Test
    void givesUpWithTheLastFailureWhenTheQueueStillRefusesAfterTheBound() {
        refusals.set(Integer.MAX_VALUE);
        start(Duration.ofMillis(300), 1024).keep(pending("mail1"), Duration.ofMinutes(1), NOT_CONFIRMED);
        assertThat(unqueued.size()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> givenUp.containsKey("mail1-chronos-push"));

        assertThat(givenUp.get("mail1-chronos-push")).isEqualTo("could not be queued for a retry within 300ms: " + NOT_CONFIRMED);
        assertThat(unqueued.size()).isZero();
        assertThat(queuedWithDelay).isEmpty();
    }

    @Test
    void keepsNoMoreMessageBytesThanItsCapacity() {
        refusals.set(Integer.MAX_VALUE);
        start(Duration.ofMinutes(1), MESSAGE.length);

        unqueued.keep(pending("mail1"), Duration.ofMinutes(1), NOT_CONFIRMED);
        unqueued.keep(pending("mail2"), Duration.ofMinutes(1), NOT_CONFIRMED);

        assertThat(unqueued.size()).isEqualTo(1);
        assertThat(givenUp).containsOnlyKeys("mail2-chronos-push");
        assertThat(givenUp.get("mail2-chronos-push")).startsWith("could not be queued for a retry (" + NOT_CONFIRMED + ") and no more can be kept");
    }

    @Test
    void closingOffersWhatIsKeptOnceMoreBeforeGivingUp() {
        // Offered again only in an hour: what close() does is all that happens.
        start(Duration.ofHours(1), Duration.ofHours(2), 1024);
        unqueued.keep(pending("mail1"), Duration.ofMinutes(1), NOT_CONFIRMED);
        unqueued.keep(pending("mail2"), Duration.ofMinutes(1), NOT_CONFIRMED);
        refusals.set(1);
        assertThat(unqueued.size()).isEqualTo(2);

        unqueued.close();

        assertThat(queuedWithDelay).hasSize(1);
        assertThat(givenUp).hasSize(1);
        assertThat(givenUp.values()).singleElement().asString().startsWith("could not be queued for a retry before the mailet stopped: ");
        assertThat(unqueued.size()).isZero();
    }
}
