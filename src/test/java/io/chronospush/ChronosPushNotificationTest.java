package io.chronospush;

import static io.chronospush.testing.RecordingEndpoint.after;
import static io.chronospush.testing.RecordingEndpoint.firstThen;
import static io.chronospush.testing.RecordingEndpoint.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLContext;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Answers;
import org.mockito.Mockito;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chronospush.address.AccountResolver;
import io.chronospush.config.ChronosPushConfiguration;
import io.chronospush.metrics.JamesMetrics;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.retry.PendingNotificationCodec;
import io.chronospush.testing.InMemoryMailQueues;
import io.chronospush.testing.LogCapture;
import io.chronospush.testing.MailetConfigs;
import io.chronospush.testing.Messages;
import io.chronospush.testing.RecordingEndpoint;
import io.chronospush.testing.TestCa;
import io.chronospush.transport.TrustMaterial;

class ChronosPushNotificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVITE = "corpus/positive/outlook16_singlepart_request.eml";
    private static final String LOGIN = "chronos";
    /** Needs percent-encoding in a URL: '@', ':', '/' and '%'. */
    private static final String PASSWORD = "s3cr@t:pa/ss%word";
    private static final String ENCODED_PASSWORD = "s3cr%40t%3Apa%2Fss%25word";
    private static final String USER_INFO = LOGIN + ":" + ENCODED_PASSWORD;
    /**
     * HttpClient's own dump of request headers, Authorization included. The drop-in jars keep this
     * name (not under io.chronospush), and the README tells operators never to enable it.
     */
    private static final String HTTPCLIENT_HEADER_LOG = "org.apache.hc.client5.http.headers";

    private final InMemoryMailQueues queues = new InMemoryMailQueues();
    private RecordingEndpoint endpoint;
    private ChronosPushNotification mailet;
    private LogCapture logs;

    @BeforeEach
    void setUp() throws Exception {
        endpoint = RecordingEndpoint.http();
        mailet = TestMailets.chronosPush(queues);
        logs = LogCapture.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        mailet.destroy();
        queues.shutdown();
        endpoint.close();
        logs.close();
        assertThat(logs.text()).doesNotContain(PASSWORD, ENCODED_PASSWORD);
        assertThat(logs.textExcept(HTTPCLIENT_HEADER_LOG)).doesNotContain(basicCredentials());
    }

    private void init(String url, String... parameters) throws MessagingException {
        mailet.init(MailetConfigs.chronosPush(url, parameters).build());
    }

    private static FakeMail.Builder invite(String... recipients) throws Exception {
        return FakeMail.builder()
            .name("invite")
            .sender("organizer@example.org")
            .recipients(recipients)
            .mimeMessage(Messages.resource(INVITE));
    }

    /** A mail as Sieve leaves it for LocalDelivery: with a folder for bob. */
    private static FakeMail filedBySieve(FakeMail.Builder mail) throws Exception {
        return mail.attribute(new Attribute(AttributeName.of("DeliveryPath_bob@example.com"), AttributeValue.of("/Calendar"))).build();
    }

    private static String basicCredentials() {
        return Base64.getEncoder().encodeToString((LOGIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(RecordingEndpoint.Request request) throws Exception {
        return JSON.readTree(request.body);
    }

    @Test
    void sendsOnePutPerRecipientWithTheDovecotJson() throws Exception {
        init(endpoint.url(USER_INFO));
        FakeMail mail = invite("bob@example.com").build();

        mailet.service(mail);

        assertThat(endpoint.requests()).hasSize(1);
        RecordingEndpoint.Request request = endpoint.requests().get(0);
        assertThat(request.method).isEqualTo("PUT");
        assertThat(request.path).isEqualTo(RecordingEndpoint.PATH);
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + basicCredentials());
        JsonNode json = json(request);
        assertThat(json.fieldNames()).toIterable().containsExactly("user", "event", "folder", "body");
        assertThat(json.get("user").asText()).isEqualTo("bob@example.com");
        assertThat(json.get("event").asText()).isEqualTo("MessageNew");
        assertThat(json.get("folder").asText()).isEqualTo("INBOX");
        assertThat(json.get("body").asText()).isEqualTo(new String(Messages.written(mail.getMessage()), StandardCharsets.UTF_8));
    }

    @Test
    void readsASpooledMessageWithChangedHeadersWithoutSavingIt() throws Exception {
        init(endpoint.url());
        // As James spools it, after AddDeliveredToHeader changed its headers; it has no Message-ID.
        org.apache.james.server.core.MimeMessageWrapper spooled = Messages.spooled(Messages.bytes(INVITE));
        spooled.addHeader("Delivered-To", "bob@example.com");
        assertThat(spooled.getHeader("Message-ID")).isNull();

        mailet.service(FakeMail.builder().name("spooled").recipients("bob@example.com").mimeMessage(spooled).build());

        // saveChanges() would have parsed the whole message, and made James add a Message-ID.
        assertThat(spooled.getHeader("Message-ID")).isNull();
        assertThat(json(endpoint.requests().get(0)).get("body").asText()).startsWith("Delivered-To: bob@example.com\r\n")
            .doesNotContain("Message-ID");
    }

    @Test
    void sendsNoAuthorizationWithoutUserInfo() throws Exception {
        init(endpoint.url());

        mailet.service(invite("bob@example.com").build());

        assertThat(endpoint.requests()).singleElement().satisfies(request -> assertThat(request.header("Authorization")).isNull());
    }

    @Test
    void postsWhenAskedTo() throws Exception {
        init(endpoint.url(), "method", "post");

        mailet.service(invite("bob@example.com").build());

        assertThat(endpoint.requests()).singleElement().satisfies(request -> assertThat(request.method).isEqualTo("POST"));
    }

    @Test
    void notifiesEachRecipientOnceWithItsOwnFolder() throws Exception {
        init(endpoint.url());
        FakeMail mail = invite("bob@example.com", "alice@example.com", "carol@example.com", "bob@example.com")
            .attribute(new Attribute(AttributeName.of("DeliveryPaths_alice@example.com"),
                AttributeValue.of(List.of(AttributeValue.of("/INBOX/Invites"), AttributeValue.of("Other")))))
            .attribute(new Attribute(AttributeName.of("DeliveryPath_carol@example.com"), AttributeValue.of("/Calendar")))
            .build();

        mailet.service(mail);

        assertThat(endpoint.requests()).hasSize(3);
        Map<String, String> folderByUser = new java.util.HashMap<>();
        for (RecordingEndpoint.Request request : endpoint.requests()) {
            JsonNode json = json(request);
            folderByUser.put(json.get("user").asText(), json.get("folder").asText());
        }
        assertThat(folderByUser).containsExactlyInAnyOrderEntriesOf(Map.of(
            "bob@example.com", "INBOX",
            "alice@example.com", "INBOX.Invites",
            "carol@example.com", "Calendar"));
    }

    @Test
    void deduplicatesRecipientsOfOneAccount() throws Exception {
        UsersRepository withoutVirtualHosting = Mockito.mock(UsersRepository.class, Answers.CALLS_REAL_METHODS);
        Mockito.doReturn(false).when(withoutVirtualHosting).supportVirtualHosting();
        mailet = TestMailets.chronosPush(AccountResolver.using(withoutVirtualHosting), queues, PushMetrics.NONE);
        init(endpoint.url());

        mailet.service(invite("bob@example.com", "bob@example.org").build());

        assertThat(endpoint.requests()).singleElement()
            .satisfies(request -> assertThat(json(request).get("user").asText()).isEqualTo("bob"));
    }

    @Test
    void usesTheUsersRepositoryAccountName() throws Exception {
        UsersRepository repository = Mockito.mock(UsersRepository.class);
        Mockito.doReturn(Username.of("robert@example.com")).when(repository).getUsername(new MailAddress("bob@example.com"));
        mailet = TestMailets.chronosPush(AccountResolver.using(repository), queues, PushMetrics.NONE);
        init(endpoint.url());

        mailet.service(invite("bob@example.com").build());

        assertThat(endpoint.requests()).singleElement()
            .satisfies(request -> assertThat(json(request).get("user").asText()).isEqualTo("robert@example.com"));
    }

    @Test
    void sendsNothingForAMailWithoutRecipients() throws Exception {
        init(endpoint.url());

        mailet.service(invite().build());

        assertThat(endpoint.requests()).isEmpty();
    }

    @Nested
    class WhenTheEndpointFails {
        private final RecordingMetricFactory metricFactory = new RecordingMetricFactory();
        private final FakeMailContext context = FakeMailContext.defaultContext();

        @BeforeEach
        void countMetrics() {
            mailet = TestMailets.chronosPush(AccountResolver.fullAddress(), queues, new JamesMetrics(metricFactory));
        }

        private void initFailing(String url, String... parameters) throws MessagingException {
            mailet.init(MailetConfigs.chronosPush(url, parameters).mailetContext(context).setProperty("failedProcessor", "chronos-push-failed").build());
        }

        private List<FakeMailContext.SentMail> deadLetters() {
            return context.getSentMails().stream().filter(sent -> "chronos-push-failed".equals(sent.getState())).collect(Collectors.toList());
        }

        private Object attribute(FakeMailContext.SentMail sent, AttributeName name) {
            return sent.getAttributes().get(name).getValue().getValue();
        }

        @Test
        void aFailedAttemptIsRetriedFromTheQueueUntilTheEndpointTakesIt() throws Exception {
            endpoint.answering(firstThen(2, status(500, Map.of(), "{\"error\":\"boom\"}"), status(200)));
            initFailing(endpoint.url(USER_INFO), "delayTime", "2 * 100ms");

            assertUnchangedAndWithinBound(filedBySieve(invite("bob@example.com")), Duration.ofSeconds(2));
            awaitRequests(3);

            assertThat(endpoint.requests()).extracting(request -> json(request).get("folder").asText()).containsOnly("Calendar");
            awaitCount(PushMetrics.SENT, 1);
            assertThat(metricFactory.countFor(PushMetrics.RETRIED)).isEqualTo(2);
            assertThat(metricFactory.countFor(PushMetrics.DEAD_LETTERED)).isZero();
            assertThat(metricFactory.executionTimesFor(PushMetrics.REQUEST_LATENCY)).hasSize(3);
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.WARN))
                .anySatisfy(line -> assertThat(line).contains("attempt 1 failed (HTTP 500: server error.", "boom", "retry 1 of 2"))
                .anySatisfy(line -> assertThat(line).contains("attempt 2 failed", "retry 2 of 2"));
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).isEmpty();
            assertThat(deadLetters()).isEmpty();
        }

        @Test
        void aRefusedConnectionEndsInTheFailedProcessorAfterTheLastRetry() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            initFailing("http://" + USER_INFO + "@127.0.0.1:" + closedPort + RecordingEndpoint.PATH, "timeout", "1s",
                "delayTime", "2 * 50ms", "circuitBreakerThreshold", "0");

            assertUnchangedAndWithinBound(filedBySieve(invite("bob@example.com")), Duration.ofSeconds(1));
            awaitCount(PushMetrics.DEAD_LETTERED, 1);

            assertThat(deadLetters()).singleElement().satisfies(sent -> {
                assertThat(sent.getRecipients()).containsExactly(new MailAddress("bob@example.com"));
                assertThat(attribute(sent, PendingNotificationCodec.USER)).isEqualTo("bob@example.com");
                assertThat(attribute(sent, PendingNotificationCodec.FOLDER)).isEqualTo("Calendar");
                assertThat(attribute(sent, PendingNotificationCodec.ATTEMPTS)).isEqualTo(3);
                assertThat((String) attribute(sent, PendingNotificationCodec.REASON)).startsWith("cannot connect");
            });
            assertThat(metricFactory.countFor(PushMetrics.RETRIED)).isEqualTo(2);
            assertThat(logs.ownEvents(ch.qos.logback.classic.Level.ERROR)).singleElement().satisfies(event -> {
                assertThat(event.getFormattedMessage()).contains("bob@example.com", "failed after 3 attempt(s)", "cannot connect",
                    "sent to processor chronos-push-failed");
                // Which endpoint and which mail: in the logging context, as James's own mailets put them.
                assertThat(event.getMDCPropertyMap()).containsEntry(LogContext.ENDPOINT,
                    "http://chronos:***@127.0.0.1:" + closedPort + RecordingEndpoint.PATH).containsEntry(LogContext.MAIL, "invite-chronos-push");
            });
        }

        @Test
        void unauthorizedGoesStraightToTheFailedProcessorWithTheFix() throws Exception {
            endpoint.answering(status(401, Map.of("WWW-Authenticate", "Basic realm=\"OX\""), ""));
            initFailing(endpoint.url(USER_INFO), "delayTime", "10ms");

            assertUnchangedAndWithinBound(filedBySieve(invite("bob@example.com")), Duration.ofSeconds(2));

            assertThat(deadLetters()).singleElement().satisfies(sent -> {
                assertThat(attribute(sent, PendingNotificationCodec.ATTEMPTS)).isEqualTo(1);
                assertThat((String) attribute(sent, PendingNotificationCodec.REASON)).startsWith("HTTP 401: wrong credentials");
            });
            // Retries would come every 10 ms: none in 200 ms.
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> endpoint.requests().size() == 1);
            assertThat(metricFactory.countFor(PushMetrics.RETRIED)).isZero();
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                .contains("HTTP 401", "wrong credentials", "com.openexchange.rest.services.basic-auth.login", "failed after 1 attempt(s)");
        }

        @Test
        void withoutFailedProcessorAGivenUpNotificationIsOnlyLogged() throws Exception {
            endpoint.answering(status(403));
            init(endpoint.url(USER_INFO));

            mailet.service(invite("bob@example.com").build());

            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                .contains("HTTP 403", "no REST credentials configured", "given up (no failedProcessor configured)");
        }

        @Test
        void unauthorizedWithoutCredentialsSaysTheUrlNeedsThem() throws Exception {
            endpoint.answering(status(401, Map.of("WWW-Authenticate", "Basic realm=\"OX\""), ""));
            init(endpoint.url());

            mailet.service(invite("bob@example.com").build());

            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                .contains("HTTP 401", "credentials required", "must carry login:password");
        }

        @Test
        void aSlowEndpointIsCutOffAtTheTimeoutAndTheNotificationsQueued() throws Exception {
            endpoint.answering(after(Duration.ofSeconds(5), status(200)));
            initFailing(endpoint.url(USER_INFO), "timeout", "500ms", "delayTime", "1h");

            assertUnchangedAndWithinBound(filedBySieve(invite("bob@example.com", "alice@example.com")), Duration.ofMillis(500));

            assertThat(endpoint.requests()).hasSize(2);
            assertThat(metricFactory.countFor(PushMetrics.RETRIED)).isEqualTo(2);
            // The two users' retries wait together, in one queued mail that carries the message once.
            assertThat(queues.getQueue(MailQueueName.of(ChronosPushConfiguration.DEFAULT_RETRY_QUEUE + "-1h")).orElseThrow().size()).isEqualTo(1);
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.WARN)).hasSize(2)
                .allSatisfy(line -> assertThat(line).containsPattern("attempt 1 failed \\(no answer within (4\\d\\d|500) ms\\); retry 1 of 1 in 3600 s"));
        }

        @Test
        void retryAfterIsHonouredWhenLaterThanTheDelay() throws Exception {
            endpoint.answering(firstThen(1, status(429, Map.of("Retry-After", "1"), ""), status(200)));
            initFailing(endpoint.url(USER_INFO), "delayTime", "10ms");

            mailet.service(invite("bob@example.com").build());
            awaitRequests(2);

            List<RecordingEndpoint.Request> requests = endpoint.requests();
            assertThat(Duration.ofNanos(requests.get(1).receivedNanos - requests.get(0).receivedNanos)).isGreaterThan(Duration.ofMillis(900));
        }

        @Test
        void anOpenCircuitSkipsTheInlineAttempt() throws Exception {
            // Slow from the third request on: the queue's probe cannot settle while the test looks.
            endpoint.answering((exchange, number) -> (number <= 2 ? status(503) : after(Duration.ofSeconds(2), status(503))).answer(exchange, number));
            initFailing(endpoint.url(USER_INFO), "circuitBreakerThreshold", "2", "delayTime", "1h");

            mailet.service(invite("bob@example.com").build());
            mailet.service(invite("bob@example.com").build());
            assertUnchangedAndWithinBound(invite("bob@example.com").build(), Duration.ofMillis(100));

            // The third mail's notification went to the queue untried (the queue's probe may follow).
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.DEBUG))
                .anySatisfy(line -> assertThat(line).contains("circuit open, queued without an inline attempt"));
            assertThat(metricFactory.countFor(PushMetrics.RETRIED)).isEqualTo(3);
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.WARN))
                .anySatisfy(line -> assertThat(line).contains("2 failures in a row", "circuit open"));
        }

        @Test
        void whileTheCircuitIsOpenOneProbeAtATimeTestsTheEndpoint() throws Exception {
            endpoint.answering((exchange, number) -> (number == 1 ? status(503)
                : after(Duration.ofMillis(200), status(number <= 3 ? 503 : 200))).answer(exchange, number));
            initFailing(endpoint.url(USER_INFO), "circuitBreakerThreshold", "1", "delayTime", "5 * 100ms");

            mailet.service(invite("bob@example.com").build());
            mailet.service(invite("alice@example.com").build());
            mailet.service(invite("carol@example.com").build());
            awaitCount(PushMetrics.SENT, 3);

            List<RecordingEndpoint.Request> requests = endpoint.requests();
            assertThat(requests).hasSize(6);
            // Each probe is answered after 200 ms; the next one only starts then.
            assertThat(Duration.ofNanos(requests.get(2).receivedNanos - requests.get(1).receivedNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
            assertThat(Duration.ofNanos(requests.get(3).receivedNanos - requests.get(2).receivedNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.INFO)).anySatisfy(line -> assertThat(line).contains("circuit closed"));
        }

        /** James 3.8.1's webadmin gives back two references for each listing of a queue; once, that dropped every pending retry. */
        @Test
        void pendingRetriesSurviveAnOperatorListingTheirQueue() throws Exception {
            endpoint.answering(firstThen(1, status(503), status(200)));
            initFailing(endpoint.url(USER_INFO), "delayTime", "500ms");
            mailet.service(invite("bob@example.com").build());
            MailQueueName queueOfTheDelay = MailQueueName.of(ChronosPushConfiguration.DEFAULT_RETRY_QUEUE + "-500ms");
            assertThat(queues.listCreatedMailQueues()).contains(queueOfTheDelay);

            for (int listing = 0; listing < 5; listing++) {
                MailQueue listed = queues.getQueue(queueOfTheDelay).orElseThrow();
                listed.close();
                listed.close();
            }

            awaitCount(PushMetrics.SENT, 1);
            assertThat(endpoint.requests()).hasSize(2);
            assertThat(deadLetters()).isEmpty();
        }

        /** James's RabbitMQ queue fails an enqueue whose publish the broker did not confirm within 10 s. */
        @Test
        void aRetryTheQueueRefusesAtFirstWaitsInMemoryUntilTheQueueTakesIt() throws Exception {
            endpoint.answering(firstThen(1, status(503), status(200)));
            initFailing(endpoint.url(USER_INFO), "delayTime", "500ms");
            queues.getQueue(MailQueueName.of(ChronosPushConfiguration.DEFAULT_RETRY_QUEUE + "-500ms")).orElseThrow().refuseEnqueues(2);

            assertUnchangedAndWithinBound(invite("bob@example.com").build(), Duration.ofSeconds(2));
            awaitCount(PushMetrics.SENT, 1);

            assertThat(endpoint.requests()).hasSize(2);
            assertThat(metricFactory.countFor(PushMetrics.RETRIED)).isEqualTo(1);
            assertThat(deadLetters()).isEmpty();
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.WARN)).anySatisfy(line -> assertThat(line)
                .contains("bob@example.com", "the retry queue did not take the retry", "Timeout enqueueing", "kept in memory"));
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.INFO)).anySatisfy(line -> assertThat(line)
                .contains("the retry queue took the retry kept since"));
        }

        @Test
        void aRetryTheQueueNeverTakesIsADeadLetterWhenTheMailetStops() throws Exception {
            endpoint.answering(status(503));
            initFailing(endpoint.url(USER_INFO), "delayTime", "1h");
            queues.getQueue(MailQueueName.of(ChronosPushConfiguration.DEFAULT_RETRY_QUEUE + "-1h")).orElseThrow().refuseEnqueues(Integer.MAX_VALUE);

            assertUnchangedAndWithinBound(invite("bob@example.com").build(), Duration.ofSeconds(2));
            assertThat(deadLetters()).isEmpty();
            mailet.destroy();

            assertThat(deadLetters()).singleElement().satisfies(sent -> {
                assertThat(attribute(sent, PendingNotificationCodec.USER)).isEqualTo("bob@example.com");
                assertThat((String) attribute(sent, PendingNotificationCodec.REASON))
                    .startsWith("could not be queued for a retry before the mailet stopped: ").contains("Timeout enqueueing");
            });
            assertThat(metricFactory.countFor(PushMetrics.RETRIED)).isZero();
            assertThat(metricFactory.countFor(PushMetrics.DEAD_LETTERED)).isEqualTo(1);
        }

        @Test
        void withTheCircuitOpenANotificationTheQueueRefusesWaitsInMemoryToo() throws Exception {
            endpoint.answering(firstThen(1, status(503), status(200)));
            initFailing(endpoint.url(USER_INFO), "circuitBreakerThreshold", "1", "delayTime", "1h");
            mailet.service(invite("bob@example.com").build());
            retryQueue().refuseEnqueues(1);

            assertUnchangedAndWithinBound(invite("alice@example.com").build(), Duration.ofMillis(500));
            // alice's notification skipped its inline attempt, waited for the queue, and probed the endpoint from there.
            awaitCount(PushMetrics.SENT, 1);

            assertThat(endpoint.requests()).extracting(request -> json(request).get("user").asText()).containsExactly("bob@example.com", "alice@example.com");
            assertThat(deadLetters()).isEmpty();
        }

        @Test
        void eachDelayHasItsQueueAndDueAtOnceHasTheNamedOne() throws Exception {
            initFailing(endpoint.url(USER_INFO), "delayTime", "2 * 10s, 1m, 2 * 1500ms");

            assertThat(queues.listCreatedMailQueues()).extracting(MailQueueName::asString)
                .containsExactlyInAnyOrder("chronos-push", "chronos-push-1500ms", "chronos-push-10s", "chronos-push-1m");
        }

        @Test
        void aReplayedDeadLetterStartsItsRetriesAnew() throws Exception {
            endpoint.answering(firstThen(1, status(401), status(200)));
            initFailing(endpoint.url(USER_INFO));
            mailet.service(invite("bob@example.com").build());
            FakeMailContext.SentMail sent = deadLetters().get(0);
            FakeMail.Builder deadLetter = FakeMail.builder().name("replayed").recipients(List.copyOf(sent.getRecipients())).mimeMessage(sent.getMsg());
            sent.getAttributes().values().forEach(deadLetter::attribute);
            assertThat(sent.getAttributes()).containsKey(PendingNotificationCodec.DEAD_LETTER);

            // As webadmin's reprocessing of the failed repository into the retry queue does.
            retryQueue().enQueue(deadLetter.build());
            awaitCount(PushMetrics.SENT, 1);

            assertThat(endpoint.requests()).hasSize(2);
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.INFO)).anySatisfy(line -> assertThat(line).contains("replaying dead letter"));
        }

        private InMemoryMailQueues.Queue retryQueue() {
            return queues.getQueue(MailQueueName.of(ChronosPushConfiguration.DEFAULT_RETRY_QUEUE)).orElseThrow();
        }

        private void awaitRequests(int count) {
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.requests().size() >= count);
        }

        private void awaitCount(String metric, int count) {
            await().atMost(Duration.ofSeconds(10)).until(() -> metricFactory.countFor(metric) >= count);
            assertThat(metricFactory.countFor(metric)).isEqualTo(count);
        }

        @Test
        void redirectsAreNotFollowed() throws Exception {
            try (RecordingEndpoint elsewhere = RecordingEndpoint.http()) {
                endpoint.answering(status(307, Map.of("Location", elsewhere.url()), ""));
                init(endpoint.url(USER_INFO));

                mailet.service(invite("bob@example.com").build());

                assertThat(elsewhere.requests()).isEmpty();
                assertThat(endpoint.requests()).hasSize(1);
                assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString().contains("HTTP 307");
            }
        }

        private void assertUnchangedAndWithinBound(FakeMail mail, Duration bound) throws Exception {
            byte[] before = Messages.written(mail.getMessage());
            String state = mail.getState();
            Set<MailAddress> recipients = Set.copyOf(mail.getRecipients());
            Map<AttributeName, Attribute> attributes = attributesOf(mail);

            long start = System.nanoTime();
            mailet.service(mail);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(bound.plusMillis(500));
            assertThat(mail.getState()).isEqualTo(state);
            assertThat(mail.getRecipients()).containsExactlyInAnyOrderElementsOf(recipients);
            assertThat(attributesOf(mail)).isEqualTo(attributes);
            assertThat(Messages.written(mail.getMessage())).isEqualTo(before);
        }
    }

    private static Map<AttributeName, Attribute> attributesOf(Mail mail) {
        return mail.attributes().collect(java.util.stream.Collectors.toMap(Attribute::getName, attribute -> attribute));
    }

    @Nested
    class OverHttps {
        @TempDir
        Path folder;

        @Test
        void trustsTheCaOfTheCaFile() throws Exception {
            TestCa ca = TestCa.create("Internal CA");
            try (RecordingEndpoint https = RecordingEndpoint.https(ca.serverContext())) {
                init(https.url(USER_INFO), "caFile", ca.writePem(folder.resolve("ca.pem")).toString());

                mailet.service(invite("bob@example.com").build());

                assertThat(https.requests()).singleElement()
                    .satisfies(request -> assertThat(request.header("Authorization")).isEqualTo("Basic " + basicCredentials()));
            }
        }

        @Test
        void trustsTheCaOfAPkcs12TrustStore() throws Exception {
            TestCa ca = TestCa.create("Internal CA");
            char[] storePassword = "store-secret".toCharArray();
            try (RecordingEndpoint https = RecordingEndpoint.https(ca.serverContext())) {
                init(https.url(), "caFile", ca.writePkcs12(folder.resolve("ca.p12"), storePassword).toString(),
                    "caFilePassword", new String(storePassword));

                mailet.service(invite("bob@example.com").build());

                assertThat(https.requests()).hasSize(1);
            }
            assertThat(logs.text()).doesNotContain("store-secret");
        }

        @Test
        void failsClosedWithTheJvmDefaultTrust() throws Exception {
            TestCa ca = TestCa.create("Unknown CA");
            try (RecordingEndpoint https = RecordingEndpoint.https(ca.serverContext())) {
                init(https.url(USER_INFO));

                mailet.service(invite("bob@example.com").build());

                assertThat(https.requests()).isEmpty();
                assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                    .contains("TLS failure", "unable to find valid certification path", "caFile");
            }
        }

        @Test
        void failsOnAnExpiredCertificateNamingTheExpiry() throws Exception {
            TestCa ca = TestCa.create("Internal CA");
            java.time.Instant now = java.time.Instant.now();
            SSLContext expired = ca.serverContext("127.0.0.1", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
            try (RecordingEndpoint https = RecordingEndpoint.https(expired)) {
                init(https.url(USER_INFO), "caFile", ca.writePem(folder.resolve("ca.pem")).toString());

                mailet.service(invite("bob@example.com").build());

                assertThat(https.requests()).isEmpty();
                assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                    .contains("TLS failure", "certificate has expired", "NotAfter")
                    .doesNotContain("give that CA in the 'caFile' parameter");
            }
        }

        @Test
        void anHttpToHttpsRedirectIsAnAnswerNotFollowed() throws Exception {
            TestCa ca = TestCa.create("Internal CA");
            Path caFile = ca.writePem(folder.resolve("ca.pem"));
            try (RecordingEndpoint https = RecordingEndpoint.https(ca.serverContext())) {
                endpoint.answering(status(301, Map.of("Location", https.url()), ""));
                init(endpoint.url(USER_INFO), "caFile", caFile.toString());

                mailet.service(invite("bob@example.com").build());

                assertThat(https.requests()).isEmpty();
                assertThat(endpoint.requests()).hasSize(1);
                assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                    .contains("HTTP 301: unexpected answer");
                assertThat(aClientThatFollowsRedirectsReaches(https, TrustMaterial.withCaFile(caFile, Optional.empty()))).isTrue();
            }
        }

        @Test
        void aRedirectToAnotherHostIsAnAnswerNotFollowed() throws Exception {
            try (RecordingEndpoint elsewhere = RecordingEndpoint.http()) {
                String otherHost = elsewhere.url().replace("127.0.0.1", "localhost");
                endpoint.answering(status(302, Map.of("Location", otherHost), ""));
                init(endpoint.url(USER_INFO));

                mailet.service(invite("bob@example.com").build());

                assertThat(elsewhere.requests()).isEmpty();
                assertThat(endpoint.requests()).hasSize(1);
                assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                    .contains("HTTP 302: unexpected answer");
                assertThat(aClientThatFollowsRedirectsReaches(elsewhere, TrustMaterial.jvmDefault())).isTrue();
            }
        }

        /** The control: the redirect does lead somewhere, so the mailet not going there means something. */
        private boolean aClientThatFollowsRedirectsReaches(RecordingEndpoint target, SSLContext tls) throws Exception {
            int before = target.requests().size();
            java.net.http.HttpClient follower = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.ALWAYS).sslContext(tls).build();
            follower.send(java.net.http.HttpRequest.newBuilder(endpoint.uri()).GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            return target.requests().size() > before;
        }

        @Test
        void failsOnAWrongHostName() throws Exception {
            TestCa ca = TestCa.create("Internal CA");
            java.time.Instant now = java.time.Instant.now();
            try (RecordingEndpoint https = RecordingEndpoint.https(ca.serverContext("10.9.8.7", now.minusSeconds(3600), now.plusSeconds(3600)))) {
                init(https.url(USER_INFO), "caFile", ca.writePem(folder.resolve("ca.pem")).toString());

                mailet.service(invite("bob@example.com").build());

                assertThat(https.requests()).isEmpty();
                assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                    .contains("TLS failure", "not for the host in the 'url' parameter");
            }
        }
    }

    @Test
    void unknownParameterIsRefused() {
        assertThatThrownBy(() -> init(endpoint.url(), "timout", "2s"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("timout");
    }

    @Test
    void anInvalidParameterStopsInitBeforeAnythingStarts() {
        assertThatThrownBy(() -> init(endpoint.url(), "timeout", "soon"))
            .isInstanceOf(MessagingException.class)
            .hasMessage("ChronosPushNotification: invalid 'timeout' parameter: 'soon' is not a duration such as 500ms, 2s or 1m");
        assertThat(queues.listCreatedMailQueues()).isEmpty();
    }

    @Test
    void logsTheConfigurationAtStartUp() throws Exception {
        init(endpoint.url(USER_INFO), "failedProcessor", "chronos-push-failed", "delayTime", "3 * 10s");

        assertThat(logs.ownMessages(ch.qos.logback.classic.Level.INFO)).containsExactly("ChronosPushNotification notifies "
            + "http://chronos:***@127.0.0.1:" + endpoint.port() + RecordingEndpoint.PATH + " with PUT (timeout 2000 ms); retries on queue"
            + " 'chronos-push': 3 retries after 3 * 10s; given up on: processor chronos-push-failed; circuit breaker:"
            + " opens after 5 failures in a row");
    }

    @Test
    void declaresItsFailedProcessorSoThatJamesChecksItAtStartUp() throws Exception {
        init(endpoint.url(), "failedProcessor", "chronos-push-faild");

        assertThat(mailet.requiredProcessingState()).singleElement().satisfies(state -> {
            assertThat(state).isEqualTo(new org.apache.mailet.ProcessingState("chronos-push-faild"));
            assertThat(state).hasToString("chronos-push-faild (the 'failedProcessor' parameter of ChronosPushNotification)");
        });
    }

    @Test
    void requiresNoProcessorWithoutFailedProcessor() throws Exception {
        init(endpoint.url());

        assertThat(mailet.requiredProcessingState()).isEmpty();
    }

    @Test
    void neverThrowsEvenWhenTheMessageCannotBeRead() throws Exception {
        init(endpoint.url());
        MimeMessage unreadable = new MimeMessage(Messages.resource(INVITE)) {
            @Override
            public void writeTo(java.io.OutputStream out) throws java.io.IOException {
                throw new java.io.IOException("spool unreadable");
            }
        };
        Mail mail = invite("bob@example.com").mimeMessage(unreadable).size(1000).build();

        mailet.service(mail);

        assertThat(endpoint.requests()).isEmpty();
        assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString().contains("no notification for mail invite");
    }
}
