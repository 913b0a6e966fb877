package io.chronospush.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.chronospush.address.NotificationTarget;
import io.chronospush.check.PushCheck;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.payload.PushPayload;
import io.chronospush.testing.EchoingAnswer;
import io.chronospush.testing.LogCapture;
import io.chronospush.testing.Messages;
import io.chronospush.testing.RecordingEndpoint;

/**
 * An endpoint whose error pages echo the request, Authorization header included: what it says
 * reaches the outcome's description (the mailet's WARN and ERROR lines, its dead letters), the
 * check tool's output and, through HttpClient, the debug log. None of them may show the
 * password, its percent-encoded form or the Basic token; a description stays one line, and
 * quotes the endpoint briefly. Each test first shows that the endpoint did send the secrets.
 */
class EchoedSecretsTest {
    private static final String LOGIN = "chronos";
    /** '@', ':', '/', '%', '#', a space and a non-ASCII letter: all percent-encoded in a URL. */
    private static final String PASSWORD = "p@ss:w/rd%1# é";
    private static final String ENCODED_PASSWORD = "p%40ss%3Aw%2Frd%251%23%20%C3%A9";
    private static final String USER_INFO = LOGIN + ":" + ENCODED_PASSWORD;
    private static final String TOKEN = Base64.getEncoder().encodeToString((LOGIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    /** HttpClient's own header dump, which shows the request's Authorization whatever we do: the README says never to enable it. */
    private static final String HTTPCLIENT_HEADER_LOG = "org.apache.hc.client5.http.headers";
    /** The most of the endpoint's words one description quotes in one place: 200 characters and an ellipsis. */
    private static final int QUOTED_AT_MOST = 200 + 3;
    private static final String INVITE = "corpus/positive/outlook16_singlepart_request.eml";

    @TempDir
    Path directory;

    private RecordingEndpoint endpoint;
    private LogCapture logs;

    @BeforeEach
    void setUp() throws Exception {
        endpoint = RecordingEndpoint.http();
        logs = LogCapture.start();
    }

    @AfterEach
    void tearDown() {
        endpoint.close();
        logs.close();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403, 404, 500, 503})
    void anOutcomeNeverQuotesTheSecretsTheEndpointEchoes(int code) {
        EchoingAnswer echo = new EchoingAnswer(code);
        endpoint.answering(echo);

        PushOutcome outcome = send(Endpoint.parse(endpoint.url(USER_INFO)));

        assertThat(echo.sent()).as("what the endpoint sent").contains(TOKEN, LOGIN + ":" + PASSWORD, "\r\n");
        assertThat(outcome.status()).isEqualTo(code);
        assertThat(outcome.description())
            .doesNotContain(PASSWORD, ENCODED_PASSWORD, TOKEN, LOGIN + ":" + PASSWORD)
            .doesNotContain("\r", "\n")
            .contains("***");
        assertThat(quotes(outcome.description())).isNotEmpty().allSatisfy(quote -> assertThat(quote).hasSizeLessThanOrEqualTo(QUOTED_AT_MOST));
        assertLogsShowNoSecret();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 500})
    void theCheckToolNeverPrintsTheSecretsTheEndpointEchoes(int code) throws Exception {
        EchoingAnswer echo = new EchoingAnswer(code);
        endpoint.answering(echo);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);

        int status = PushCheck.run(List.of("--url", endpoint.url(USER_INFO), "--user", "bob@example.com",
            Files.write(directory.resolve("invite.eml"), Messages.bytes(INVITE)).toString()), printed, printed);

        assertThat(echo.sent()).as("what the endpoint sent").contains(TOKEN, LOGIN + ":" + PASSWORD);
        assertThat(status).isEqualTo(1);
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("NOT ACCEPTED: HTTP " + code).doesNotContain(PASSWORD, ENCODED_PASSWORD, TOKEN);
        assertThat(output.lines().filter(line -> line.startsWith("NOT ACCEPTED: "))).singleElement()
            .satisfies(line -> assertThat(quotes(line)).allSatisfy(quote -> assertThat(quote).hasSizeLessThanOrEqualTo(QUOTED_AT_MOST)));
        assertLogsShowNoSecret();
    }

    /**
     * HttpClient's parse errors quote the line they could not read: that line is the endpoint's
     * too. HttpClient logs the error itself at DEBUG ("execution failed: Invalid header: &lt;...&gt;"),
     * which no configuration of the client avoids; so only our own log lines are checked here.
     */
    @Test
    void anAnswerHttpClientCannotReadIsQuotedWithoutTheSecrets() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> answerWithABrokenHeader(server));

            PushOutcome outcome = send(Endpoint.parse("http://" + USER_INFO + "@127.0.0.1:" + server.getLocalPort() + RecordingEndpoint.PATH));

            assertThat(sent.get(5, TimeUnit.SECONDS)).as("what the endpoint sent").contains(TOKEN);
            assertThat(outcome.description()).startsWith("connection failure: ")
                .doesNotContain(PASSWORD, ENCODED_PASSWORD, TOKEN)
                .doesNotContain("\r", "\n");
        }
        assertThat(logs.events().stream().filter(event -> event.getLoggerName().startsWith("io.chronospush"))
            .map(event -> event.getFormattedMessage()))
            .noneMatch(message -> message.contains(TOKEN));
    }

    private static PushOutcome send(Endpoint endpoint) {
        PushPayload payload = new PushPayload("Subject: invitation\r\n\r\nBEGIN:VCALENDAR".getBytes(StandardCharsets.UTF_8));
        NotificationTarget target = new NotificationTarget("bob@example.com", "INBOX", "bob@example.com");
        try (PushNotifier notifier = new PushNotifier(endpoint, "PUT", Duration.ofSeconds(2), TrustMaterial.jvmDefault(), PushMetrics.NONE)) {
            return notifier.send(Notification.forEach(List.of(target), payload)).get(0);
        }
    }

    /** Reads one request's head and answers with a header line that has no colon, echoing the Authorization header. */
    private static String answerWithABrokenHeader(ServerSocket server) {
        try (Socket socket = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String authorization = "";
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.regionMatches(true, 0, "Authorization:", 0, "Authorization:".length())) {
                    authorization = line;
                }
            }
            String answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nYou-sent-" + authorization.replace(": ", "-") + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return answer;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a description quotes of the endpoint: the body after "OX said: ", and the header values in parentheses. */
    private static List<String> quotes(String description) {
        List<String> quotes = new ArrayList<>();
        int said = description.indexOf("OX said: ");
        if (said >= 0) {
            quotes.add(description.substring(said + "OX said: ".length()));
        }
        quoted(description, "(WWW-Authenticate: ", "): the 'url' parameter").ifPresent(quotes::add);
        quoted(description, "(Retry-After: ", ").").ifPresent(quotes::add);
        return quotes;
    }

    private static Optional<String> quoted(String description, String before, String after) {
        int start = description.indexOf(before);
        int end = description.lastIndexOf(after);
        return start < 0 || end < start ? Optional.empty() : Optional.of(description.substring(start + before.length(), end));
    }

    /**
     * Every log event, io.chronospush and org.apache.hc at every level (LogCapture sets TRACE),
     * but HttpClient's header dump: that one shows the request's Authorization header anyway.
     */
    private void assertLogsShowNoSecret() {
        assertThat(logs.textExcept(HTTPCLIENT_HEADER_LOG)).doesNotContain(PASSWORD, ENCODED_PASSWORD, TOKEN);
        assertThat(logs.text()).doesNotContain(PASSWORD, ENCODED_PASSWORD);
    }
}
