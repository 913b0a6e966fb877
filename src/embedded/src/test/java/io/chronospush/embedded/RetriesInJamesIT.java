package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.DEAD_LETTERS;
import static io.chronospush.embedded.JamesScenario.LOGIN;
import static io.chronospush.embedded.JamesScenario.USERS;
import static io.chronospush.embedded.JamesScenario.afterRetry;
import static io.chronospush.embedded.JamesScenario.assertNoSecretOrFailureIn;
import static io.chronospush.embedded.JamesScenario.awaitExactly;
import static io.chronospush.embedded.JamesScenario.endpoint;
import static io.chronospush.embedded.JamesScenario.eventually;
import static io.chronospush.embedded.JamesScenario.oncePerUserAndMail;
import static io.chronospush.embedded.JamesScenario.perUserAndMail;
import static io.chronospush.embedded.JamesScenario.url;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.inject.Module;

/**
 * Retries on James's own mail queue, in a real James 3.8.1: an endpoint that is down, then
 * back; one that refuses the credentials; and a James restart with notifications pending, on
 * a persistent queue (ActiveMQ) and on the memory one.
 */
class RetriesInJamesIT extends InJames {
    /** Quick retries, so that the tests see many of them. */
    private static final Duration QUICK_RETRY = Duration.ofMillis(300);
    private static final String QUICK_RETRIES = "200 * " + QUICK_RETRY.toMillis() + "ms";
    /** Slow retries, so that James stops with every notification waiting for its first. */
    private static final Duration RESTART_RETRY = Duration.ofSeconds(10);

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
        awaitExactly(sink, oncePerUserAndMail(mails), afterRetry(QUICK_RETRY));

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
        eventually().until(() -> james.repository(DEAD_LETTERS).size() == mails * USERS.size());
        // Not one request more by the time a retry would have been sent.
        JamesScenario.holdsFor(afterRetry(QUICK_RETRY), "one request per notification, no retry", () -> {
            assertThat(sink.requestCount()).isEqualTo(mails * USERS.size());
            assertThat(james.repository(DEAD_LETTERS)).hasSize(mails * USERS.size());
        });

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

        awaitExactly(sink, oncePerUserAndMail(mails), afterRetry(RESTART_RETRY));
        assertThat(perUserAndMail(sink.received())).isEqualTo(oncePerUserAndMail(mails));
    }

    /**
     * The memory queue forgets what waits on it when James stops. That nothing arrives proves
     * little alone (a broken James or sink would do as much), so a new invite, sent after the
     * restart, must arrive at the same sink; the old ones must not, for as long as any of them,
     * had it survived, would have taken to come: its retry delay and one attempt.
     */
    @Test
    void pendingNotificationsDieWithTheMemoryQueue() throws Exception {
        int mails = 20;
        restartWithPendingNotifications(mails);

        JamesScenario.sendLoad(james, mails, 1, 1);

        awaitExactly(sink, oncePerUserAndMail(mails, 1), afterRetry(RESTART_RETRY));
        assertThat(sink.received()).as("none of the notifications pending before the restart")
            .allSatisfy(notification -> assertThat(notification.body).contains("\r\nX-Load-Id: " + mails + "\r\n"));
    }

    /**
     * Sends {@code mails} while the endpoint is down, stops James with their notifications
     * waiting on the queue for their first retry, brings the endpoint up, and starts James again
     * on the same working directory.
     */
    private void restartWithPendingNotifications(int mails, Module... queue) throws Exception {
        int port = JamesScenario.freePort();
        Map<String, String> parameters = endpoint(url(port));
        parameters.put("delayTime", "3 * " + RESTART_RETRY.toSeconds() + "s");
        long logStart = JamesScenario.logSize();
        james = JamesScenario.boot(workDir, parameters, queue);
        JamesScenario.sendLoad(james, mails, 2);
        JamesScenario.awaitLoadStored(james, mails);
        JamesScenario.awaitRetriesLogged(logStart, "retry 1 of 3 in " + RESTART_RETRY.toSeconds() + " s", mails * USERS.size());
        stopJames();

        sink = ChronosSink.start(port, LOGIN, JamesScenario.PASSWORD, notification -> { });
        logStart = JamesScenario.logSize();
        james = JamesScenario.boot(workDir, parameters, queue);
        assertNoSecretOrFailureIn(JamesScenario.logSince(logStart));
    }
}
