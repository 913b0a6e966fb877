package io.chronospush.retry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import io.chronospush.RawMessage;
import io.chronospush.address.NotificationTarget;
import io.chronospush.testing.InMemoryMailQueues;

import reactor.core.publisher.Flux;

class PendingNotificationCodecTest {
    private static final byte[] MESSAGE = "Subject: invitation\r\n\r\nBEGIN:VCALENDAR\r\n".getBytes(UTF_8);
    private static final NotificationTarget BOB = new NotificationTarget("bob@example.com", "INBOX", "bob@example.com");
    private static final NotificationTarget ALICE = new NotificationTarget("alice", "Calendar", "alice@example.com");
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private static PendingNotification failedOnce() throws Exception {
        return PendingNotification.of("mail1", MaybeSender.of(new MailAddress("organizer@example.org")), List.of(BOB, ALICE), MESSAGE)
            .attempted()
            .failed(List.of(BOB, ALICE), "HTTP 503: service unavailable.", NOW, Duration.ofSeconds(10));
    }

    private static void assertSameNotifications(PendingNotification decoded, PendingNotification original) {
        assertThat(decoded.name()).isEqualTo(original.name());
        assertThat(decoded.sender()).isEqualTo(original.sender());
        assertThat(decoded.targets()).isEqualTo(original.targets());
        assertThat(decoded.message()).isEqualTo(original.message());
        assertThat(decoded.attempts()).isEqualTo(original.attempts());
        assertThat(decoded.lastFailure()).isEqualTo(original.lastFailure());
        assertThat(decoded.due()).isEqualTo(original.due());
    }

    @Test
    void aQueuedNotificationDecodesAsItWasEncoded() throws Exception {
        PendingNotification pending = failedOnce();

        Mail mail = PendingNotificationCodec.toMail(pending);

        assertThat(mail.getName()).isEqualTo("mail1-chronos-push");
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly("bob@example.com", "alice@example.com");
        assertThat(RawMessage.bytesOf(mail)).isEqualTo(MESSAGE);
        assertThat(PendingNotificationCodec.isDeadLetter(mail)).isFalse();
        assertSameNotifications(PendingNotificationCodec.fromMail(mail), pending);
    }

    @Test
    void aNotificationNotTriedYetHasNoDueTimeNorFailure() throws Exception {
        PendingNotification fresh = PendingNotification.of("mail1", MaybeSender.nullSender(), List.of(BOB), MESSAGE);

        PendingNotification decoded = PendingNotificationCodec.fromMail(PendingNotificationCodec.toMail(fresh));

        assertSameNotifications(decoded, fresh);
        assertThat(decoded.untilDue(NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void survivesAJamesQueue() throws Exception {
        PendingNotification pending = failedOnce();
        InMemoryMailQueues queues = new InMemoryMailQueues();
        try {
            MailQueue queue = queues.createQueue(MailQueueName.of("codec"));
            queue.enQueue(PendingNotificationCodec.toMail(pending));

            Mail copy = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(5)).getMail();

            assertSameNotifications(PendingNotificationCodec.fromMail(copy), pending);
        } finally {
            queues.shutdown();
        }
    }

    /** Distributed James keeps attributes as JSON. */
    @Test
    void survivesAttributesKeptAsJson() throws Exception {
        PendingNotification pending = failedOnce();
        Mail mail = PendingNotificationCodec.toMail(pending);
        FakeMail.Builder restored = FakeMail.builder().name(mail.getName()).sender(mail.getMaybeSender())
            .recipients(List.copyOf(mail.getRecipients())).mimeMessage(mail.getMessage());
        for (Attribute attribute : (Iterable<Attribute>) mail.attributes()::iterator) {
            restored.attribute(new Attribute(attribute.getName(), AttributeValue.fromJson(attribute.getValue().toJson().orElseThrow())));
        }

        assertSameNotifications(PendingNotificationCodec.fromMail(restored.build()), pending);
    }

    @Test
    void aDeadLetterIsOneUsersNotificationWithTheReason() throws Exception {
        PendingNotification pending = failedOnce().attempted();

        Mail deadLetter = PendingNotificationCodec.deadLetter(pending, ALICE, "HTTP 401: wrong credentials");

        assertThat(deadLetter.getName()).isEqualTo("mail1-chronos-push-alice");
        assertThat(deadLetter.getRecipients()).extracting(MailAddress::asString).containsExactly("alice@example.com");
        assertThat(deadLetter.getAttribute(PendingNotificationCodec.USER)).contains(new Attribute(PendingNotificationCodec.USER, AttributeValue.of("alice")));
        assertThat(deadLetter.getAttribute(PendingNotificationCodec.FOLDER).orElseThrow().getValue().getValue()).isEqualTo("Calendar");
        assertThat(deadLetter.getAttribute(PendingNotificationCodec.ATTEMPTS).orElseThrow().getValue().getValue()).isEqualTo(2);
        assertThat(deadLetter.getAttribute(PendingNotificationCodec.REASON).orElseThrow().getValue().getValue()).isEqualTo("HTTP 401: wrong credentials");
        assertThat(RawMessage.bytesOf(deadLetter)).isEqualTo(MESSAGE);
        assertThat(PendingNotificationCodec.isDeadLetter(deadLetter)).isTrue();
    }

    @Test
    void aDeadLetterSentBackDecodesAsItsOneNotification() throws Exception {
        Mail deadLetter = PendingNotificationCodec.deadLetter(failedOnce().attempted(), ALICE, "HTTP 401: wrong credentials");

        PendingNotification replay = PendingNotificationCodec.fromMail(deadLetter).replayed();

        assertThat(replay.targets()).containsExactly(ALICE);
        assertThat(replay.attempts()).isZero();
        assertThat(replay.due()).isEmpty();
        assertThat(replay.message()).isEqualTo(MESSAGE);
    }

    @Test
    void aMailWithoutNotificationIsRefusedNamingWhatIsMissing() throws Exception {
        Mail stranger = FakeMail.builder().name("stranger").mimeMessage(RawMessage.inMemory("stranger", MESSAGE)).build();

        assertThatThrownBy(() -> PendingNotificationCodec.fromMail(stranger))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("stranger").hasMessageContaining("chronosPush.folders").hasMessageContaining("chronosPush.user");
    }
}
