package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.ALICE;
import static io.chronospush.embedded.JamesScenario.BOB;
import static io.chronospush.embedded.JamesScenario.DEAD_LETTERS;
import static io.chronospush.embedded.JamesScenario.LOGIN;
import static io.chronospush.embedded.JamesScenario.PASSWORD;
import static io.chronospush.embedded.JamesScenario.endpoint;
import static io.chronospush.embedded.JamesScenario.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chronospush.testing.DocSamples;

/**
 * The operator's samples in README.md and docs/ (the extension's log lines, webadmin's answers,
 * the metrics) are what an embedded James 3.8.1 shows, with webadmin and its Prometheus route:
 * each is produced here and checked against its document ({@link DocSamples}, which also writes
 * it to {@code target/doc-samples/}). The stand-in for OX answers 503 (retries; the circuit
 * opens), then 200 (it closes; the retries are accepted), then 401, as after a change of OX's
 * REST password (a dead letter), then 200 again (its replay).
 *
 * <p>The log lines are read as logged, each event's message without a layout: the documents
 * show the message, and say that the endpoint and the mail are in the logging context.
 */
class DocSamplesIT extends InJames {
    /** The first delay of the default delayTime: where every first retry waits. */
    private static final String QUEUE = "/mailQueues/chronos-push-10s";
    private static final String REPOSITORY = "/mailRepositories/var%2Fmail%2Fchronos-push-failed";
    /** The sender the samples show. */
    private static final String SENDER = "organizer@demo.test";
    /** Two recipients a mail: three mails make six failures, one more than the five that open the circuit. */
    private static final List<String> RECIPIENTS = List.of(BOB, ALICE);
    private static final String BOBS = "Chronos push for user bob@example.com, folder INBOX";

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final List<Executable> checks = new ArrayList<>();
    private final Logger extensionLogger = (Logger) LoggerFactory.getLogger("io.chronospush");

    @BeforeEach
    void captureTheExtensionsLog() {
        log.start();
        extensionLogger.addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        extensionLogger.detachAppender(log);
    }

    @Test
    void theDocumentsShowWhatJamesLogsAndWebAdminAnswers() throws Exception {
        sink = ChronosSink.start(LOGIN, PASSWORD, notification -> { });
        sink.setAvailable(false);
        JamesScenario.enableWebAdmin(workDir);
        james = JamesScenario.boot(workDir, endpoint(sink.url()));
        WebAdmin webAdmin = new WebAdmin(james.webAdminPort());
        String webAdminUrl = "http://127.0.0.1:" + james.webAdminPort();
        String maskedEndpoint = sink.url().replace(PASSWORD, "***");

        send(3, RECIPIENTS);
        eventually().until(() -> logged("attempt 1 failed").size() == 6);
        check(DocSamples.sample("queue-size"), "$ curl " + webAdminUrl + QUEUE + "\n" + webAdmin.curl("GET", QUEUE));
        check(DocSamples.sample("circuit-open"), first("failures in a row, the last").getFormattedMessage());
        ILoggingEvent retry = first(BOBS + ": attempt 1 failed");
        check(DocSamples.sample("retry-warn"), retry.getFormattedMessage());
        assertThat(retry.getMDCPropertyMap()).as("the logging context the documents name")
            .containsEntry("chronosPush.endpoint", maskedEndpoint).containsKey("chronosPush.mail");

        sink.setAvailable(true);
        eventually().until(() -> logged("accepted at attempt 2").size() == 6);
        check(DocSamples.sample("circuit-closed"), first("circuit closed").getFormattedMessage());
        check(DocSamples.sample("retry-accepted"), first(BOBS + " accepted at attempt").getFormattedMessage());
        check(DocSamples.sample("accepted-debug"), first(BOBS + " accepted by").getFormattedMessage());

        // Bob alone: the repository lists its mails in no set order.
        sink.setPassword("changed on OX");
        send(1, List.of(BOB));
        eventually().until(() -> james.repository(DEAD_LETTERS).size() == 1 && !logged("sent to processor").isEmpty());
        ILoggingEvent deadLetter = first(BOBS + " failed after");
        check(DocSamples.sample("dead-letter-log"), deadLetter.getFormattedMessage());
        assertThat(deadLetter.getMDCPropertyMap()).containsEntry("chronosPush.endpoint", maskedEndpoint);
        String keys = webAdmin.curl("GET", REPOSITORY + "/mails");
        check(DocSamples.sample("dead-letter-list"), "$ curl " + webAdminUrl + REPOSITORY + "\n"
            + webAdmin.curl("GET", REPOSITORY) + "\n$ curl " + webAdminUrl + REPOSITORY + "/mails\n" + keys);
        String details = REPOSITORY + "/mails/" + new ObjectMapper().readTree(keys).get(0).asText() + "?additionalFields=attributes";
        check(DocSamples.sample("dead-letter-attributes"), "$ curl -H 'Accept: application/json' '" + webAdminUrl + details + "'\n"
            + webAdmin.curl("GET", details, "Accept", "application/json"));

        sink.setPassword(PASSWORD);
        String replay = REPOSITORY + "/mails?action=reprocess&queue=chronos-push";
        check(DocSamples.sample("replay"), "$ curl -XPATCH '" + webAdminUrl + replay + "'\n" + webAdmin.curl("PATCH", replay));
        eventually().until(() -> sink.received().size() == 7 && james.repository(DEAD_LETTERS).isEmpty());

        String metrics = webAdmin.curl("GET", "/metrics").lines().filter(line -> line.startsWith("chronosPush"))
            .collect(Collectors.joining("\n"));
        check(DocSamples.sample("metrics"), "$ curl -s " + webAdminUrl + "/metrics | grep '^chronosPush'\n" + metrics);
        assertAll(checks);
    }

    /**
     * Checks {@code produced} against {@code sample} once the whole scenario ran: one run shows
     * every sample that differs, and writes each to target/doc-samples/ for a writer to copy.
     */
    private void check(DocSamples.Sample sample, String produced) {
        checks.add(() -> sample.assertProducedBy(produced));
    }

    private void send(int mails, List<String> recipients) throws Exception {
        byte[] invite = JamesScenario.corpus(JamesScenario.INVITE);
        try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), SENDER)) {
            for (int i = 0; i < mails; i++) {
                smtp.send(invite, recipients);
            }
        }
    }

    /** The extension's log events so far whose message contains {@code part}, in order. */
    private List<ILoggingEvent> logged(String part) {
        synchronized (log) {
            // AppenderBase appends under the appender's lock; James's threads append while the test reads.
            return log.list.stream().filter(event -> event.getFormattedMessage().contains(part)).collect(Collectors.toList());
        }
    }

    private ILoggingEvent first(String part) {
        List<ILoggingEvent> events = logged(part);
        assertThat(events).as("the extension's log events with '" + part + "'").isNotEmpty();
        return events.get(0);
    }
}
