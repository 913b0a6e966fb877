package io.chronospush;

import static io.chronospush.testing.RecordingEndpoint.after;
import static io.chronospush.testing.RecordingEndpoint.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ch.qos.logback.classic.Level;

import io.chronospush.check.PushCheck;
import io.chronospush.testing.EchoingAnswer;
import io.chronospush.testing.InMemoryMailQueues;
import io.chronospush.testing.LogCapture;
import io.chronospush.testing.MailetConfigs;
import io.chronospush.testing.Messages;
import io.chronospush.testing.RecordingEndpoint;
import io.chronospush.testing.TestCa;
import io.chronospush.transport.Endpoint;

/**
 * Every failure path, one by one, with a URL whose password needs percent-encoding: neither the
 * password, nor its percent-encoded form, nor the Basic token appears in any log line, exception
 * message, dead letter or check-tool output; where the URL is shown, its userinfo is masked.
 */
class SecretsTest {
    private static final String LOGIN = "chronos";
    /** '@', ':', '/', '%', '#', a space and a non-ASCII letter: all percent-encoded in a URL. */
    private static final String PASSWORD = "p@ss:w/rd%1# é";
    private static final String ENCODED_PASSWORD = "p%40ss%3Aw%2Frd%251%23%20%C3%A9";
    private static final String USER_INFO = LOGIN + ":" + ENCODED_PASSWORD;
    private static final String MASKED = LOGIN + ":***@";
    /** HttpClient's own header dump: the one log the README says must never be on (see ChronosPushNotificationTest). */
    private static final String HTTPCLIENT_HEADER_LOG = "org.apache.hc.client5.http.headers";
    private static final String INVITE = "corpus/positive/outlook16_singlepart_request.eml";

    /** One failure path: it does its thing and adds to {@link #shown} whatever a person would read. */
    @FunctionalInterface
    interface FailurePath {
        void walk(SecretsTest test) throws Exception;
    }

    @TempDir
    Path folder;

    private final InMemoryMailQueues queues = new InMemoryMailQueues();
    private RecordingEndpoint endpoint;
    private ChronosPushNotification mailet;
    private LogCapture logs;
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final StringBuilder shown = new StringBuilder();

    @BeforeEach
    void setUp() throws Exception {
        endpoint = RecordingEndpoint.http();
        mailet = TestMailets.chronosPush(queues);
        logs = LogCapture.start();
    }

    @AfterEach
    void tearDown() {
        mailet.destroy();
        queues.shutdown();
        endpoint.close();
        logs.close();
    }

    static Stream<Arguments> failurePaths() {
        return Stream.of(
            path("init: a scheme other than http(s)", true, test -> test.initFails("ftp://" + USER_INFO + "@ox.example.com/chronos/v1/itip/pushmail")),
            path("init: a space in the host", true, test -> test.initFails("https://" + USER_INFO + "@ox example.com/chronos/v1/itip/pushmail")),
            path("init: CR LF in the URL", true, test -> test.initFails("https://" + USER_INFO + "@ox.example.com/chronos\r\nX-Injected: 1")),
            path("init: a fragment", true, test -> test.initFails("https://" + USER_INFO + "@ox.example.com/chronos/v1/itip/pushmail#top")),
            path("init: the password not percent-encoded", true,
                test -> test.initFails("https://" + LOGIN + ":" + PASSWORD + "@ox.example.com/chronos/v1/itip/pushmail")),
            path("init: no host", true, test -> test.initFails("https://" + USER_INFO + "@/chronos/v1/itip/pushmail")),
            path("init: a bad timeout next to the URL", false, test -> test.initFails(test.endpoint.url(USER_INFO), "timeout", "soon")),
            path("init: an unknown parameter next to the URL", false, test -> test.initFails(test.endpoint.url(USER_INFO), "timout", "2s")),
            path("init: an unreadable caFile", false, test -> test.initFails(test.endpoint.url(USER_INFO), "caFile", test.folder.toString())),
            path("init: the start-up line", true, test -> test.init(test.endpoint.url(USER_INFO))),
            path("TLS: a certificate the JVM does not trust", true, SecretsTest::untrustedCertificate),
            path("timeout: no answer in time, queued for a retry", true, test -> {
                test.endpoint.answering(after(Duration.ofSeconds(3), status(200)));
                test.init(test.endpoint.url(USER_INFO), "timeout", "300ms", "delayTime", "1h");
                test.send();
            }),
            path("HTTP 400 quoting OX", true, test -> test.answeredWith(400, Map.of(), "{\"error\":\"bad\"}")),
            path("HTTP 401", true, test -> test.answeredWith(401, Map.of("WWW-Authenticate", "Basic realm=\"OX\""), "")),
            path("HTTP 403", true, test -> test.answeredWith(403, Map.of(), "")),
            path("HTTP 404", true, test -> test.answeredWith(404, Map.of(), "not here")),
            path("HTTP 302 to elsewhere", true, test -> test.answeredWith(302, Map.of("Location", "http://elsewhere.example/"), "")),
            path("HTTP 500, retried, then a dead letter", true, test -> test.answeredWith(500, Map.of(), "boom")),
            path("HTTP 503 with Retry-After", true, test -> test.answeredWith(503, Map.of("Retry-After", "1"), "")),
            path("refused connections: retries, the circuit, a dead letter", true, SecretsTest::refusedUntilDeadLetter),
            path("HTTP 400 echoing the request", true, test -> test.echoedBy(400)),
            path("HTTP 401 echoing the request", true, test -> test.echoedBy(401)),
            path("HTTP 500 echoing the request, retried, then a dead letter", true, test -> test.echoedBy(500)),
            path("HTTP 503 echoing the request", true, test -> test.echoedBy(503)),
            path("check tool: HTTP 401", true, test -> {
                test.endpoint.answering(status(401));
                test.check("--url", test.endpoint.url(USER_INFO), "--user", "bob@example.com", test.invite());
            }),
            path("check tool: HTTP 401 echoing the request", true, test -> test.checkEchoedBy(401)),
            path("check tool: HTTP 500 echoing the request", true, test -> test.checkEchoedBy(500)),
            path("check tool: untrusted certificate", true, test -> {
                try (RecordingEndpoint https = RecordingEndpoint.https(TestCa.create("Unknown CA").serverContext())) {
                    test.check("--url", https.url(USER_INFO), "--user", "bob@example.com", test.invite());
                }
            }),
            path("check tool: nothing listens", true, test -> test.check("--url", closedPortUrl(), "--user", "bob@example.com", test.invite())),
            path("check tool: a URL it refuses", true,
                test -> test.check("--url", "ftp://" + USER_INFO + "@ox.example.com/", "--user", "bob@example.com", test.invite())),
            path("check tool: an unreadable message file", false,
                test -> test.check("--url", test.endpoint.url(USER_INFO), "--user", "bob@example.com", test.folder.toString())));
    }

    private static Arguments path(String name, boolean showsTheUrl, FailurePath path) {
        return Arguments.of(Named.of(name, path), showsTheUrl);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failurePaths")
    void neverShowsThePasswordAndMasksTheUrl(FailurePath path, boolean showsTheUrl) throws Exception {
        path.walk(this);
        mailet.destroy();

        String everything = shown + "\n" + logs.textExcept(HTTPCLIENT_HEADER_LOG) + "\n" + deadLetters();
        assertThat(everything)
            .doesNotContain(PASSWORD, ENCODED_PASSWORD, basicToken())
            .doesNotContainPattern(LOGIN + ":(?!\\*\\*\\*@)");
        assertThat(logs.text()).doesNotContain(PASSWORD, ENCODED_PASSWORD);
        if (showsTheUrl) {
            assertThat(everything).contains(MASKED);
        }
    }

    private void init(String url, String... parameters) throws MessagingException {
        mailet.init(MailetConfigs.chronosPush(url, parameters).mailetContext(context).setProperty("failedProcessor", "chronos-push-failed").build());
    }

    private void initFails(String url, String... parameters) {
        try {
            init(url, parameters);
        } catch (MessagingException e) {
            shown.append(e).append('\n');
            return;
        }
        throw new AssertionError("init accepted " + Endpoint.mask(url));
    }

    private void send() throws Exception {
        mailet.service(FakeMail.builder().name("invite").recipients("bob@example.com").mimeMessage(Messages.resource(INVITE)).build());
    }

    private void answeredWith(int code, Map<String, String> headers, String body) throws Exception {
        endpoint.answering(status(code, headers, body));
        init(endpoint.url(USER_INFO), "delayTime", "2 * 10ms");
        send();
        awaitDeadLetter();
    }

    /**
     * An endpoint, or a proxy before it, whose error page echoes the request, Authorization
     * header and all: the token did come back, yet the mailet's lines about it are one line each.
     */
    private void echoedBy(int code) throws Exception {
        EchoingAnswer echo = new EchoingAnswer(code);
        endpoint.answering(echo);
        init(endpoint.url(USER_INFO), "delayTime", "2 * 10ms");
        send();
        awaitDeadLetter();
        assertThat(echo.sent()).as("what the endpoint sent").contains(basicToken(), LOGIN + ":" + PASSWORD);
        assertThat(logs.ownMessages(Level.WARN)).as("WARN lines").noneMatch(SecretsTest::hasALineBreak);
        assertThat(logs.ownMessages(Level.ERROR)).as("ERROR lines").isNotEmpty().noneMatch(SecretsTest::hasALineBreak);
    }

    private void checkEchoedBy(int code) throws Exception {
        EchoingAnswer echo = new EchoingAnswer(code);
        endpoint.answering(echo);
        check("--url", endpoint.url(USER_INFO), "--user", "bob@example.com", invite());
        assertThat(echo.sent()).as("what the endpoint sent").contains(basicToken(), LOGIN + ":" + PASSWORD);
    }

    private static boolean hasALineBreak(String text) {
        return text.contains("\r") || text.contains("\n");
    }

    private static void untrustedCertificate(SecretsTest test) throws Exception {
        try (RecordingEndpoint https = RecordingEndpoint.https(TestCa.create("Unknown CA").serverContext())) {
            test.init(https.url(USER_INFO));
            test.send();
        }
        test.awaitDeadLetter();
    }

    private static void refusedUntilDeadLetter(SecretsTest test) throws Exception {
        test.init(closedPortUrl(), "delayTime", "3 * 10ms", "circuitBreakerThreshold", "1");
        test.send();
        test.awaitDeadLetter();
    }

    private void check(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
        PushCheck.run(List.of(args), printed, printed);
        shown.append(out.toString(StandardCharsets.UTF_8)).append('\n');
    }

    private String invite() throws Exception {
        return Files.write(folder.resolve("invite.eml"), Messages.bytes(INVITE)).toString();
    }

    private void awaitDeadLetter() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !context.getSentMails().isEmpty());
    }


    /** Every dead letter's recipients and attributes, as text. */
    private String deadLetters() {
        return context.getSentMails().stream()
            .map(sent -> sent.getRecipients() + " " + sent.getAttributes().values().stream()
                .map(attribute -> attribute.getName().asString() + "=" + attribute.getValue().getValue())
                .collect(Collectors.joining(", ")))
            .collect(Collectors.joining("\n"));
    }

    private static String closedPortUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return "http://" + USER_INFO + "@127.0.0.1:" + closedPort + RecordingEndpoint.PATH;
    }

    private static String basicToken() {
        return Base64.getEncoder().encodeToString((LOGIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
