package io.chronospush;

import static io.chronospush.testing.RecordingEndpoint.after;
import static io.chronospush.testing.RecordingEndpoint.firstThen;
import static io.chronospush.testing.RecordingEndpoint.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
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

import io.chronospush.testing.LogCapture;
import io.chronospush.testing.Messages;
import io.chronospush.testing.RecordingEndpoint;
import io.chronospush.testing.TestCa;

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

    private RecordingEndpoint endpoint;
    private ChronosPushNotification mailet;
    private LogCapture logs;

    @BeforeEach
    void setUp() throws Exception {
        endpoint = RecordingEndpoint.http();
        mailet = new ChronosPushNotification();
        logs = LogCapture.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        mailet.destroy();
        endpoint.close();
        logs.close();
        assertThat(logs.text()).doesNotContain(PASSWORD, ENCODED_PASSWORD);
        assertThat(logs.textExcept(HTTPCLIENT_HEADER_LOG)).doesNotContain(basicCredentials());
    }

    private void init(String url, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ChronosPushNotification").setProperty("url", url);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
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
        mailet = new ChronosPushNotification(withoutVirtualHosting);
        init(endpoint.url());

        mailet.service(invite("bob@example.com", "bob@example.org").build());

        assertThat(endpoint.requests()).singleElement()
            .satisfies(request -> assertThat(json(request).get("user").asText()).isEqualTo("bob"));
    }

    @Test
    void usesTheUsersRepositoryAccountName() throws Exception {
        UsersRepository repository = Mockito.mock(UsersRepository.class);
        Mockito.doReturn(Username.of("robert@example.com")).when(repository).getUsername(new MailAddress("bob@example.com"));
        mailet = new ChronosPushNotification(repository);
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
        @Test
        void refusedConnectionIsRetriedOnceThenLogged() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            init("http://" + USER_INFO + "@127.0.0.1:" + closedPort + RecordingEndpoint.PATH, "timeout", "1s");

            assertUnchangedAndWithinBound(filedBySieve(invite("bob@example.com")), Duration.ofSeconds(2));

            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                .contains("bob@example.com", "failed after 2 attempt(s)", "cannot connect", "http://chronos:***@127.0.0.1:" + closedPort);
        }

        @Test
        void serverErrorIsLoggedAndNotRetried() throws Exception {
            endpoint.answering(status(500, Map.of(), "{\"error\":\"boom\"}"));
            init(endpoint.url(USER_INFO));

            assertUnchangedAndWithinBound(filedBySieve(invite("bob@example.com")), Duration.ofSeconds(4));

            assertThat(endpoint.requests()).hasSize(1);
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                .contains("HTTP 500", "server error", "boom");
        }

        @Test
        void unauthorizedTellsWhichOxPropertiesToCheck() throws Exception {
            endpoint.answering(status(401, Map.of("WWW-Authenticate", "Basic realm=\"OX\""), ""));
            init(endpoint.url(USER_INFO));

            assertUnchangedAndWithinBound(filedBySieve(invite("bob@example.com")), Duration.ofSeconds(4));

            assertThat(endpoint.requests()).hasSize(1);
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                .contains("HTTP 401", "wrong credentials", "com.openexchange.rest.services.basic-auth.login");
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
        void forbiddenTellsThatOxHasNoRestCredentials() throws Exception {
            endpoint.answering(status(403));
            init(endpoint.url(USER_INFO));

            mailet.service(invite("bob@example.com").build());

            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString()
                .contains("HTTP 403", "no REST credentials configured");
        }

        @Test
        void slowEndpointIsCutOffAtTheTimeoutAndRetriedOnce() throws Exception {
            endpoint.answering(after(Duration.ofSeconds(5), status(200)));
            init(endpoint.url(USER_INFO), "timeout", "500ms");

            assertUnchangedAndWithinBound(filedBySieve(invite("bob@example.com", "alice@example.com")), Duration.ofMillis(1000));

            assertThat(endpoint.requests()).hasSize(4);
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).hasSize(2)
                .allSatisfy(line -> assertThat(line).containsPattern("no answer within (4\\d\\d|500) ms"));
        }

        @Test
        void serviceUnavailableWithRetryAfterIsRetried() throws Exception {
            endpoint.answering(firstThen(1, status(503, Map.of("Retry-After", "0"), ""), status(200)));
            init(endpoint.url());

            mailet.service(invite("bob@example.com").build());

            assertThat(endpoint.requests()).hasSize(2);
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).isEmpty();
        }

        @Test
        void requestTimeoutIsRetried() throws Exception {
            endpoint.answering(firstThen(1, status(408), status(200)));
            init(endpoint.url());

            mailet.service(invite("bob@example.com").build());

            assertThat(endpoint.requests()).hasSize(2);
            assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).isEmpty();
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
                    .contains("TLS failure", "caFile");
            }
        }

        @Test
        void failsOnAWrongHostName() throws Exception {
            TestCa ca = TestCa.create("Internal CA");
            java.time.Instant now = java.time.Instant.now();
            try (RecordingEndpoint https = RecordingEndpoint.https(ca.serverContext("10.9.8.7", now.minusSeconds(3600), now.plusSeconds(3600)))) {
                init(https.url(USER_INFO), "caFile", ca.writePem(folder.resolve("ca.pem")).toString());

                mailet.service(invite("bob@example.com").build());

                assertThat(https.requests()).isEmpty();
                assertThat(logs.ownMessages(ch.qos.logback.classic.Level.ERROR)).singleElement().asString().contains("TLS failure");
            }
        }
    }

    @Nested
    class Configuration {
        @TempDir
        Path folder;

        @Test
        void urlIsRequired() {
            assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("ChronosPushNotification").build()))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'url'");
        }

        @Test
        void badSchemeNamesTheUrlButNotThePassword() {
            assertThatThrownBy(() -> init("ftp://" + USER_INFO + "@ox.example.com/chronos/v1/itip/pushmail"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'url'")
                .hasMessageContaining("ftp://chronos:***@ox.example.com/chronos/v1/itip/pushmail")
                .hasMessageNotContaining(ENCODED_PASSWORD);
        }

        @Test
        void urlWithSpacesIsRefused() {
            assertThatThrownBy(() -> init("http://chronos:pass word@ox.example.com/chronos/v1/itip/pushmail"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'url'")
                .hasMessageNotContaining("pass word");
        }

        @Test
        void badTimeoutNamesParameterAndValue() {
            assertThatThrownBy(() -> init(endpoint.url(), "timeout", "soon"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'timeout'")
                .hasMessageContaining("'soon'");
        }

        @Test
        void zeroTimeoutIsRefused() {
            assertThatThrownBy(() -> init(endpoint.url(), "timeout", "0s"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'timeout'")
                .hasMessageContaining("'0s'");
        }

        @Test
        void badMethodNamesParameterAndValue() {
            assertThatThrownBy(() -> init(endpoint.url(), "method", "GET"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'method'")
                .hasMessageContaining("'GET'");
        }

        @Test
        void unknownParameterIsRefused() {
            assertThatThrownBy(() -> init(endpoint.url(), "timout", "2s"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("timout");
        }

        @Test
        void missingCaFileNamesThePath() {
            Path missing = folder.resolve("missing.pem");
            assertThatThrownBy(() -> init(endpoint.url(), "caFile", missing.toString()))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'caFile'")
                .hasMessageContaining(missing.toString());
        }

        @Test
        void caFileThatIsNoCertificateIsRefused() throws Exception {
            Path notACertificate = Files.writeString(folder.resolve("notes.txt"), "not a certificate");
            assertThatThrownBy(() -> init(endpoint.url(), "caFile", notACertificate.toString()))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'caFile'")
                .hasMessageContaining(notACertificate.toString());
        }

        @Test
        void caFilePasswordWithoutCaFileIsRefused() {
            assertThatThrownBy(() -> init(endpoint.url(), "caFilePassword", "changeit"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'caFilePassword' is set but 'caFile' is not")
                .hasMessageNotContaining("changeit");
        }

        @Test
        void caFileAcceptsJamesFilePrefix() throws Exception {
            Path pem = TestCa.create("Internal CA").writePem(folder.resolve("ca.pem"));

            init(endpoint.url(), "caFile", "file://" + pem);
        }

        @Test
        void caFilePasswordIsNeverShown() throws Exception {
            TestCa ca = TestCa.create("Internal CA");
            Path store = ca.writePkcs12(folder.resolve("ca.p12"), "right-password".toCharArray());
            assertThatThrownBy(() -> init(endpoint.url(), "caFile", store.toString(), "caFilePassword", "wrong-password"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("'caFile'")
                .hasMessageNotContaining("wrong-password")
                .hasMessageNotContaining("right-password");
        }
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
