package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.DEAD_LETTERS;
import static io.chronospush.embedded.JamesScenario.LOGIN;
import static io.chronospush.embedded.JamesScenario.USERS;
import static io.chronospush.embedded.JamesScenario.assertNoSecretOrFailureIn;
import static io.chronospush.embedded.JamesScenario.await;
import static io.chronospush.embedded.JamesScenario.endpoint;
import static io.chronospush.embedded.JamesScenario.oncePerUserAndMail;
import static io.chronospush.embedded.JamesScenario.perUserAndMail;
import static io.chronospush.embedded.JamesScenario.url;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Module;

/**
 * Retries on James's own mail queue, in a real James 3.8.1: an endpoint that is down, then
 * back; one that refuses the credentials; and a James restart with notifications pending, on
 * a persistent queue (ActiveMQ) and on the memory one.
 */
class RetriesInJamesIT {
    /** Quick retries, so that the tests see many of them. */
    private static final String QUICK_RETRIES = "200 * 300ms";

    @TempDir
    Path workDir;

    private ChronosSink sink;
    private EmbeddedJames james;

    @AfterEach
    void tearDown() {
        stopJames();
        if (sink != null) {
            sink.close();
        }
    }

    private void stopJames() {
        if (james != null) {
            james.close();
            james = null;
        }
    }

    private static Map<String, String> quickRetries(String url) {
        Map<String, String> parameters = endpoint(url);
        parameters.put("delayTime", QUICK_RETRIES);
        return parameters;
    }

    @Test
    void everyNotificationArrivesExactlyOnceWhenTheEndpointComesBack() throws Exception {
        int port = JamesScenario.freePort();
        long logStart = JamesScenario.logSize();
        james = JamesScenario.boot(workDir, quickRetries(url(port)));
        int mails = 100;

        JamesScenario.sendLoad(james, mails, 3);
        JamesScenario.awaitLoadStored(james, mails);
        sink = ChronosSink.start(port, LOGIN, JamesScenario.PASSWORD, notification -> { });
        await(() -> sink.received().size() >= mails * USERS.size());
        Thread.sleep(2000);

        assertThat(perUserAndMail(sink.received())).isEqualTo(oncePerUserAndMail(mails));
        assertThat(james.repository(DEAD_LETTERS)).isEmpty();
        String log = JamesScenario.logSince(logStart);
        assertThat(log).contains("failures in a row").contains("circuit open").contains("circuit closed");
        assertNoSecretOrFailureIn(log);
    }

    @Test
    void refusedCredentialsGoToTheDeadLetterRepositoryWithoutRetries() throws Exception {
        sink = ChronosSink.start(LOGIN, "another password", notification -> { });
        long logStart = JamesScenario.logSize();
        james = JamesScenario.boot(workDir, quickRetries(url(sink.port())));
        int mails = 4;

        JamesScenario.sendLoad(james, mails, 1);
        JamesScenario.awaitLoadStored(james, mails);
        await(() -> james.repository(DEAD_LETTERS).size() == mails * USERS.size());
        Thread.sleep(1500);

        assertThat(sink.requestCount()).isEqualTo(mails * USERS.size());
        assertThat(sink.received()).isEmpty();
        assertThat(james.repository(DEAD_LETTERS)).hasSize(mails * USERS.size()).allSatisfy(deadLetter -> {
            assertThat(deadLetter.attributes.get("chronosPush.attempts")).isEqualTo(1);
            assertThat((String) deadLetter.attributes.get("chronosPush.reason"))
                .startsWith("HTTP 401: wrong credentials (WWW-Authenticate: Basic realm=\"OX REST\")");
            assertThat(deadLetter.attributes.get("chronosPush.user")).isIn(USERS.toArray());
            assertThat(deadLetter.attributes.get("chronosPush.folder")).isIn("INBOX", "Calendar", "Team");
            assertThat(deadLetter.recipients).containsExactly((String) deadLetter.attributes.get("chronosPush.user"));
        });
        String log = JamesScenario.logSince(logStart);
        assertThat(log.split("failed after 1 attempt\\(s\\): HTTP 401: wrong credentials", -1)).hasSize(mails * USERS.size() + 1);
        assertThat(log).contains("sent to processor chronos-push-failed").doesNotContain("retry 1 of");
        assertNoSecretOrFailureIn(log);
    }

    /**
     * On James's embedded ActiveMQ (KahaDB on disk, as in the JPA server). 20 mails make more
     * retries fall due at once after the restart than the worker has threads: the case that once
     * stranded one of them (see RetryWorkerTest).
     */
    @Test
    void pendingNotificationsSurviveARestartOnAPersistentQueue() throws Exception {
        int mails = 20;

        restartWithPendingNotifications(mails, new ActiveMqQueueModule());

        await(() -> sink.received().size() >= mails * USERS.size());
        Thread.sleep(3000);
        assertThat(perUserAndMail(sink.received())).isEqualTo(oncePerUserAndMail(mails));
    }

    @Test
    void pendingNotificationsDieWithTheMemoryQueue() throws Exception {
        restartWithPendingNotifications(20);

        Thread.sleep(13000);
        assertThat(sink.received()).isEmpty();
    }

    /**
     * Sends {@code mails} while the endpoint is down, stops James with their notifications
     * waiting on the queue for their first retry, brings the endpoint up, and starts James again
     * on the same working directory.
     */
    private void restartWithPendingNotifications(int mails, Module... queue) throws Exception {
        int port = JamesScenario.freePort();
        Map<String, String> parameters = endpoint(url(port));
        parameters.put("delayTime", "3 * 10s");
        long logStart = JamesScenario.logSize();
        james = JamesScenario.boot(workDir, parameters, queue);
        JamesScenario.sendLoad(james, mails, 2);
        JamesScenario.awaitLoadStored(james, mails);
        // Every notification has had its first attempt, inline or as the circuit's probe, and waits 10 s.
        long booted = logStart;
        await(() -> logSinceQuietly(booted).split("retry 1 of 3 in 10 s", -1).length - 1 == mails * USERS.size());
        stopJames();

        sink = ChronosSink.start(port, LOGIN, JamesScenario.PASSWORD, notification -> { });
        logStart = JamesScenario.logSize();
        james = JamesScenario.boot(workDir, parameters, queue);
        assertNoSecretOrFailureIn(JamesScenario.logSince(logStart));
    }

    private static String logSinceQuietly(long offset) {
        try {
            return JamesScenario.logSince(offset);
        } catch (java.io.IOException | AssertionError e) {
            return "";
        }
    }
}
