package io.chronospush.transport;

import static io.chronospush.testing.RecordingEndpoint.after;
import static io.chronospush.testing.RecordingEndpoint.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.chronospush.address.NotificationTarget;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.payload.PushPayload;
import io.chronospush.testing.PlainHttpPort;
import io.chronospush.testing.RecordingEndpoint;

class PushNotifierTest {
    private RecordingEndpoint endpoint;
    private PushNotifier notifier;

    @BeforeEach
    void setUp() throws Exception {
        endpoint = RecordingEndpoint.http();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        endpoint.close();
    }

    private PushNotifier notifier(Duration timeout) {
        notifier = new PushNotifier(Endpoint.parse(endpoint.url()), "PUT", timeout, TrustMaterial.jvmDefault(), PushMetrics.NONE);
        return notifier;
    }

    private static List<Notification> notifications(int count) {
        PushPayload payload = new PushPayload("Subject: invitation\r\n\r\nBEGIN:VCALENDAR".getBytes(StandardCharsets.UTF_8));
        return Notification.forEach(IntStream.range(0, count)
            .mapToObj(i -> new NotificationTarget("user" + i + "@example.com", "INBOX", "user" + i + "@example.com"))
            .collect(Collectors.toList()), payload);
    }

    @Test
    void sendsTheGivenBytesAsTheBody() {
        List<PushOutcome> outcomes = notifier(Duration.ofSeconds(2)).send(notifications(1));

        assertThat(outcomes).singleElement().satisfies(outcome -> assertThat(outcome.isAccepted()).isTrue());
        assertThat(endpoint.requests()).singleElement().satisfies(request -> assertThat(request.bodyAsString())
            .isEqualTo("{\"user\":\"user0@example.com\",\"event\":\"MessageNew\",\"folder\":\"INBOX\","
                + "\"body\":\"Subject: invitation\\r\\n\\r\\nBEGIN:VCALENDAR\"}"));
    }

    @Test
    void manyRecipientsOnASlowEndpointStillReturnWithinTheBound() {
        endpoint.answering(after(Duration.ofSeconds(5), status(200)));
        PushNotifier notifier = notifier(Duration.ofMillis(300));

        long start = System.nanoTime();
        List<PushOutcome> outcomes = notifier.send(notifications(20));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(notifier.deliveryBound()).isEqualTo(Duration.ofMillis(300));
        assertThat(took).isLessThan(Duration.ofMillis(300 + 400));
        assertThat(outcomes).hasSize(20).allSatisfy(outcome -> assertThat(outcome.isAccepted()).isFalse());
    }

    @Test
    void retryAfterIsReadForTheRetryQueueNotWaitedFor() {
        endpoint.answering(status(503, Map.of("Retry-After", "120"), ""));

        long start = System.nanoTime();
        List<PushOutcome> outcomes = notifier(Duration.ofSeconds(1)).send(notifications(1));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(endpoint.requests()).hasSize(1);
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(503);
            assertThat(outcome.retryAfter()).contains(Duration.ofSeconds(120));
        });
    }

    @Test
    void retryAfterAsAnHttpDateIsReadToo() {
        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(1));
        endpoint.answering(status(429, Map.of("Retry-After", inAMinute), ""));

        List<PushOutcome> outcomes = notifier(Duration.ofSeconds(1)).send(notifications(1));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.isRetryable()).isTrue();
            assertThat(outcome.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
        });
    }

    @Test
    void eachNotificationGetsOneAttemptOnly() {
        endpoint.answering(status(503));

        notifier(Duration.ofSeconds(1)).send(notifications(3));

        assertThat(endpoint.requests()).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "200|ACCEPTED|accepted",
        "204|ACCEPTED|accepted",
        "400|REJECTED|bad payload",
        "401|REJECTED|com.openexchange.rest.services.basic-auth.login",
        "403|REJECTED|no REST credentials configured",
        "404|REJECTED|/chronos/v1/itip/pushmail",
        "405|REJECTED|OX accepts PUT only",
        "408|RETRYABLE|timed out reading the request",
        "418|REJECTED|unexpected answer",
        "429|RETRYABLE|too many requests",
        "500|RETRYABLE|server error",
        "502|RETRYABLE|server error",
        "503|RETRYABLE|service unavailable"})
    void eachAnswerMeansWhatOxMeansByIt(int code, PushOutcome.Kind kind, String meaning) {
        endpoint.answering(status(code));

        List<PushOutcome> outcomes = notifier(Duration.ofSeconds(1)).send(notifications(1));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(code);
            assertThat(outcome.description()).contains("HTTP " + code).contains(meaning);
            assertThat(outcome.isAccepted()).isEqualTo(kind == PushOutcome.Kind.ACCEPTED);
            assertThat(outcome.isRetryable()).isEqualTo(kind == PushOutcome.Kind.RETRYABLE);
        });
        assertThat(endpoint.requests()).hasSize(1);
    }

    @Test
    void quotesTheStartOfOxsErrorText() {
        endpoint.answering(status(400, Map.of("Content-Type", "application/json"), "{\"error\":\"Missing body\"}" + "x".repeat(10_000)));

        List<PushOutcome> outcomes = notifier(Duration.ofSeconds(1)).send(notifications(1));

        assertThat(outcomes).singleElement().satisfies(outcome -> assertThat(outcome.description())
            .contains("OX said: {\"error\":\"Missing body\"}")
            .hasSizeLessThan(AnswerConsumer.KEPT_BYTES + 200));
    }

    @Test
    void anHttpsUrlToAPlainHttpPortSaysTheEndpointDoesNotSpeakTlsThere() throws Exception {
        try (PlainHttpPort plain = PlainHttpPort.open()) {
            String url = "https://chronos:secret@127.0.0.1:" + plain.port() + RecordingEndpoint.PATH;
            notifier = new PushNotifier(Endpoint.parse(url), "PUT", Duration.ofSeconds(2), TrustMaterial.jvmDefault(), PushMetrics.NONE);

            List<PushOutcome> outcomes = notifier.send(notifications(1));

            assertThat(outcomes).singleElement().satisfies(outcome -> {
                assertThat(outcome.isRetryable()).isFalse();
                assertThat(outcome.description())
                    .startsWith(PushOutcome.TLS_FAILURE + ": ")
                    .endsWith(" (the endpoint does not speak TLS on port " + plain.port()
                        + ": is the 'url' meant to be http://, or is the port wrong?)")
                    .doesNotContain("caFile");
            });
        }
    }

    @Test
    void reusesConnectionsAcrossNotifications() {
        PushNotifier notifier = notifier(Duration.ofSeconds(2));

        for (int i = 0; i < 10; i++) {
            notifier.send(notifications(1));
        }

        // A connection goes back to the pool just after its answer is handed over, so a send that
        // follows at once may open another one (on a loaded machine, seen up to three times in ten);
        // without reuse there would be ten.
        assertThat(endpoint.requests()).hasSize(10);
        assertThat(endpoint.requests().stream().map(request -> request.clientPort).distinct().count()).isLessThanOrEqualTo(5);
    }

    @Test
    void manySpoolThreadsAtOnceGetEachNotificationThroughExactlyOnce() throws Exception {
        endpoint.answering(after(Duration.ofMillis(50), status(200)));
        PushNotifier notifier = notifier(Duration.ofSeconds(2));
        int threads = 20;
        int recipients = 10;
        java.util.concurrent.ExecutorService spool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<PushOutcome>>> mails = IntStream.range(0, threads)
                .mapToObj(mail -> spool.submit(() -> notifier.send(notifications(recipients))))
                .collect(Collectors.toList());
            for (java.util.concurrent.Future<List<PushOutcome>> mail : mails) {
                assertThat(mail.get(10, java.util.concurrent.TimeUnit.SECONDS)).hasSize(recipients).allMatch(PushOutcome::isAccepted);
            }
        } finally {
            spool.shutdownNow();
        }

        assertThat(endpoint.requests()).hasSize(threads * recipients);
        assertThat(endpoint.requests().stream().map(request -> request.clientPort).distinct().count())
            .isLessThanOrEqualTo(PushClient.MAX_CONNECTIONS);
    }

    @Test
    void slowNameResolutionNeitherHoldsTheCallerNorOtherNotifications() {
        String host = "ox-" + System.nanoTime() + SlowDns.SUFFIX;
        notifier = new PushNotifier(Endpoint.parse("http://" + host + ":" + endpoint.port() + RecordingEndpoint.PATH), "PUT",
            Duration.ofMillis(500), TrustMaterial.jvmDefault(), PushMetrics.NONE);

        long start = System.nanoTime();
        List<PushOutcome> outcomes = notifier.send(notifications(3));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofMillis(1000 + 300));
        assertThat(outcomes).hasSize(3).allSatisfy(outcome -> assertThat(outcome.description()).startsWith("no connection within"));
    }

    @Test
    void closingWhileSendingEndsTheSendPromptly() throws Exception {
        endpoint.answering(after(Duration.ofSeconds(5), status(200)));
        PushNotifier notifier = notifier(Duration.ofSeconds(2));
        java.util.concurrent.CompletableFuture<List<PushOutcome>> sending =
            java.util.concurrent.CompletableFuture.supplyAsync(() -> notifier.send(notifications(3)));
        Thread.sleep(300);

        long start = System.nanoTime();
        notifier.close();
        List<PushOutcome> outcomes = sending.get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(outcomes).hasSize(3).noneMatch(PushOutcome::isAccepted);
        assertThat(notifier.send(notifications(1))).singleElement()
            .satisfies(outcome -> assertThat(outcome.description()).isEqualTo("not sent: the mailet is shutting down"));
    }
}
