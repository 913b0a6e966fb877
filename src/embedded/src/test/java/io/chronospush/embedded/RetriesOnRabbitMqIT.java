package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.DEAD_LETTERS;
import static io.chronospush.embedded.JamesScenario.LOGIN;
import static io.chronospush.embedded.JamesScenario.afterRetry;
import static io.chronospush.embedded.JamesScenario.awaitExactly;
import static io.chronospush.embedded.JamesScenario.endpoint;
import static io.chronospush.embedded.JamesScenario.eventually;
import static io.chronospush.embedded.JamesScenario.oncePerUserAndMail;
import static io.chronospush.embedded.JamesScenario.perUserAndMail;
import static io.chronospush.embedded.JamesScenario.url;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Module;

/**
 * Retries on RabbitMQ, distributed James's mail queue, proven on a real broker with James 3.8.1
 * in this JVM (issue 12): outage and recovery, timeliness at scale, no churn while notifications
 * wait, a broker restart during an outage, and how fast a backlog drains. The figures go to the
 * test's output and to {@code target/embedded/rabbitmq-figures.txt}.
 *
 * <p>These tests assert what the extension promises, not how it keeps its retries: the broker's
 * counters are summed over every queue of the class's vhost whose name contains
 * {@code chronos-push}, however many there are.
 */
class RetriesOnRabbitMqIT extends InJames {
    @RegisterExtension
    static final RabbitMqBroker BROKER = new RabbitMqBroker();

    private static final String RETRY_QUEUES = "chronos-push";
    private static final Path FIGURES = JamesScenario.LOG.resolveSibling("rabbitmq-figures.txt");
    /** What "a small constant" of publishes or redeliveries is, on top of what the promise allows. */
    private static final long SMALL_CONSTANT = 50;
    /**
     * The notifications of the tests at scale: 3,334 mails to 3 users. Their James drops each mail
     * once notified about ({@link JamesScenario#bootDroppingMails}): James's memory mailboxes slow
     * down as they fill (on 2 cores, 4 s for the first 500 deliveries, 80 s for 500 past 8,000),
     * and what is measured is the retry path.
     */
    private static final int SCALE_MAILS = Integer.getInteger("chronos.rabbit.scaleMails", 3334);

    /**
     * James's queues on the broker, its mail bodies in memory ({@link LockedMemoryBlobStoreDAO}):
     * not in the memory server's own blob store, whose reads miss blobs just written under load
     * (James's queue then drops the mail: one retry and one spooled mail at the same instant, in
     * one run of the drain test).
     */
    private Module[] onTheBroker() {
        return new Module[] {BROKER.queueModule(), LockedMemoryBlobStoreDAO.module()};
    }

    // ------------------------------------------------------------------------------------ (1)

    /** The endpoint refuses connections while 100 invites go to 3 users, then comes back: 300 notifications, each once, in its folder. */
    @Test
    void outageAndRecovery() throws Exception {
        long started = System.nanoTime();
        int port = JamesScenario.freePort();
        Duration retry = Duration.ofSeconds(1);
        Map<String, String> parameters = endpoint(url(port));
        parameters.put("delayTime", "100 * 1s");
        james = JamesScenario.boot(workDir, parameters, BROKER.queueModule(), DirectoryBlobStoreDAO.module(workDir.resolve("blobs")));
        int mails = 100;

        JamesScenario.sendLoad(james, mails, 3);
        JamesScenario.awaitLoadStored(james, mails);
        // Positive controls: the notifications wait on the broker, and the mails' bodies are in the directory.
        eventually().alias("notifications pending on RabbitMQ").until(() -> BROKER.queues(RETRY_QUEUES).held() > 0);
        RabbitMqBroker.Counters pending = BROKER.queues(RETRY_QUEUES);
        // The blob store writes a temporary file and moves it into place: a walk meeting one that just moved away is walked again.
        eventually().ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class).alias("blobs in the directory blob store").until(() -> {
            try (var blobs = Files.walk(workDir.resolve("blobs"))) {
                return blobs.filter(Files::isRegularFile).count() > 0;
            }
        });

        sink = ChronosSink.start(port, LOGIN, JamesScenario.PASSWORD, notification -> { });
        awaitExactly(sink, oncePerUserAndMail(mails), afterRetry(retry));

        assertThat(perUserAndMail(sink.received())).isEqualTo(oncePerUserAndMail(mails));
        assertThat(james.repository(DEAD_LETTERS)).isEmpty();
        figure("(1) outage and recovery: %d notifications, each once in its folder; pending on the broker before recovery: %s; %d s",
            sink.received().size(), pending, seconds(started));
    }

    /**
     * The broker refuses the retries' publishes (a length limit that rejects them: James's enqueue
     * is nacked, as it fails when the broker does not confirm within 10 s) while 20 invites to 3
     * users fail their first attempt. The retries wait in James's memory; once the broker takes
     * them again, each notification reaches the endpoint once.
     */
    @Test
    void retriesTheBrokerRefusesWaitUntilItTakesThem() throws Exception {
        long started = System.nanoTime();
        long logStart = JamesScenario.logSize();
        endpointForScale = TimedEndpoint.start(TimedEndpoint.Mode.FAIL_FIRST);
        Map<String, String> parameters = endpoint(endpointForScale.url());
        parameters.put("delayTime", "2s");
        parameters.put("circuitBreakerThreshold", "0");
        james = JamesScenario.boot(workDir, parameters, onTheBroker());
        BROKER.refusePublishes("refuse-retries", "chronos-push-2s$");
        int mails = 20;

        JamesScenario.sendLoad(james, mails, 3);
        JamesScenario.awaitRetriesLogged(logStart, "the retry queue did not take the retry", mails);
        // Positive control: every first attempt failed, and no retry got through while the broker refused them.
        assertThat(endpointForScale.failedCount()).isEqualTo(mails * 3);
        assertThat(endpointForScale.acceptedCount()).isZero();

        BROKER.clearPolicy("refuse-retries");
        eventually().atMost(Duration.ofMinutes(1)).alias("every retry taken and delivered")
            .until(() -> distinctAccepted(endpointForScale) >= mails * 3);

        assertThat(endpointForScale.acceptedCount()).as("each once").isEqualTo(mails * 3);
        assertThat(JamesScenario.logFrom(logStart)).contains("the retry queue took the retry kept since");
        assertThat(james.repository(DEAD_LETTERS)).isEmpty();
        figure("(8) retries the broker refused (reject-publish): %d notifications kept in memory, all delivered once after the"
            + " broker took them again; %d s", mails * 3, seconds(started));
    }

    // ------------------------------------------------------------------------------------ (2), (3) while waiting

    /**
     * 10,000 notifications pending at once, each due a delay after its failed inline attempt (503
     * to each first request): none is tried before it is due, the 99th percentile within 2 s
     * after. While all wait (nothing attempted, nothing due), the broker sees no publish beyond a
     * small constant: a wait costs nothing.
     */
    @Test
    void timelinessAtScaleAndNoChurnWhileWaiting() throws Exception {
        long started = System.nanoTime();
        int notifications = SCALE_MAILS * JamesScenario.USERS.size();
        // All 10,000 must be pending at once: the delay follows from how fast this host generates them.
        Duration delay = delayToHoldAllPending(notifications);
        RabbitMqBroker.Counters calibration = BROKER.settledQueues(RETRY_QUEUES);
        long logStart = JamesScenario.logSize();
        endpointForScale = TimedEndpoint.start(TimedEndpoint.Mode.FAIL_FIRST);
        Map<String, String> parameters = endpoint(endpointForScale.url());
        parameters.put("delayTime", delay.toSeconds() + "s");
        parameters.put("circuitBreakerThreshold", "0");
        james = JamesScenario.bootDroppingMails(workDir, parameters, onTheBroker());

        long sending = System.nanoTime();
        JamesScenario.sendLoad(james, SCALE_MAILS, 4);
        eventually().atMost(delay).alias(notifications + " first attempts")
            .until(() -> endpointForScale.requestCount() >= notifications);
        long generation = seconds(sending);
        Map<String, List<Long>> firstOnly = endpointForScale.requests();
        long firstAttempt = firstOnly.values().stream().mapToLong(times -> times.get(0)).min().orElseThrow();
        long lastFirstAttempt = firstOnly.values().stream().mapToLong(times -> times.get(0)).max().orElseThrow();
        long firstDue = firstAttempt + delay.toMillis();
        long lastDue = lastFirstAttempt + delay.toMillis();
        // Positive control: every notification failed once and waits, before the first is due.
        assertThat(System.currentTimeMillis()).as("all %d pending before the first is due (generation took %d s; raise the delay)",
            notifications, generation).isLessThan(firstDue - 12_000);
        assertThat(endpointForScale.acceptedCount()).isZero();

        // The waiting window: the counters (refreshed every 5 s) from after the last enqueue to before the first is due.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() >= lastFirstAttempt + 6_000);
        RabbitMqBroker.Counters windowStart = BROKER.queues(RETRY_QUEUES);
        long windowStartMs = System.currentTimeMillis();
        int requestsAtStart = endpointForScale.requestCount();
        Awaitility.await().atMost(delay).pollInterval(Duration.ofMillis(200)).until(() -> System.currentTimeMillis() >= firstDue - 500);
        RabbitMqBroker.Counters windowEnd = BROKER.queues(RETRY_QUEUES);
        double windowSeconds = (System.currentTimeMillis() - windowStartMs) / 1000.0;
        int requestsInWindow = endpointForScale.requestCount() - requestsAtStart;
        RabbitMqBroker.Counters inWindow = windowEnd.minus(windowStart);

        // Every retry, or up to a minute after the last is due.
        long deadline = lastDue + 60_000;
        try {
            Awaitility.await().atMost(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis()))).pollInterval(Duration.ofMillis(200))
                .until(() -> endpointForScale.acceptedCount() >= notifications);
        } catch (ConditionTimeoutException notAll) {
            // Measured below: a notification not retried by the deadline counts as late by (deadline - due).
        }
        long end = Math.min(System.currentTimeMillis(), deadline);
        Lateness lateness = Lateness.of(endpointForScale.requests(), delay.toMillis(), end);
        RabbitMqBroker.Counters total = BROKER.settledQueues(RETRY_QUEUES).minus(calibration);

        figure("(2) timeliness at scale: %d notifications (%d mails x 3 users), delay %d s, generated in %d s; retried %d, not retried"
                + " within 60 s of the last due %d; early %d (earliest %d ms); lateness ms p50=%d p99=%d max=%d; %d s",
            notifications, SCALE_MAILS, delay.toSeconds(), generation, lateness.retried, lateness.notRetried, lateness.early,
            lateness.earliest, lateness.percentile(50), lateness.percentile(99), lateness.max(), seconds(started));
        figure("(3) no churn while waiting: window of %.0f s with %d requests to the endpoint: publish=%d (%.2f/s) redeliver=%d"
                + " deliver_get=%d on the %s queues; whole test: publish=%d for %d scheduled retries (%.2f per notification per"
                + " scheduled retry), redeliver=%d",
            windowSeconds, requestsInWindow, inWindow.publish(), inWindow.publish() / windowSeconds, inWindow.redeliver(),
            inWindow.deliverGet(), RETRY_QUEUES, total.publish(), endpointForScale.failedCount(),
            total.publish() / (double) endpointForScale.failedCount(), total.redeliver());
        if (lateness.notRetried > 0) {
            figure("(2) not retried: %s; James's warnings and errors of the run, other than the failed first attempts:%n%s",
                lateness.notRetriedKeys, unusualLines(JamesScenario.logFrom(logStart)));
        }

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(requestsInWindow).as("nothing attempted in the waiting window (positive control)").isZero();
        softly.assertThat(inWindow.publish()).as("(3) publishes while all wait").isLessThanOrEqualTo(SMALL_CONSTANT);
        softly.assertThat(total.publish()).as("(3) publishes: at most one per notification per scheduled retry, plus a small constant")
            .isLessThanOrEqualTo(endpointForScale.failedCount() + SMALL_CONSTANT);
        softly.assertThat(lateness.early).as("(2) tried before due").isZero();
        softly.assertThat(lateness.notRetried).as("(2) not retried within a minute of the last due").isZero();
        softly.assertThat(lateness.percentile(99)).as("(2) lateness p99, ms").isLessThanOrEqualTo(2_000);
        softly.assertAll();
    }

    private TimedEndpoint endpointForScale;

    /**
     * 4 times as long as generating {@code notifications} pending ones through SMTP would take at
     * the rate measured here, 420 s at least. The rate is measured on 300 mails whose first
     * attempts fail, in a James of its own whose pending retries are then purged; the factor is
     * room for a host busier during the run than while it was measured.
     */
    private Duration delayToHoldAllPending(int notifications) throws Exception {
        int mails = 300;
        try (TimedEndpoint calibrating = TimedEndpoint.start(TimedEndpoint.Mode.FAIL_FIRST)) {
            Map<String, String> parameters = endpoint(calibrating.url());
            parameters.put("delayTime", "1h");
            parameters.put("circuitBreakerThreshold", "0");
            james = JamesScenario.bootDroppingMails(workDir, parameters, onTheBroker());
            long start = System.nanoTime();
            JamesScenario.sendLoad(james, mails, 4);
            eventually().atMost(Duration.ofMinutes(5)).until(() -> calibrating.requestCount() >= mails * 3);
            double perSecond = mails * 3 / ((System.nanoTime() - start) / 1e9);
            stopJames();
            BROKER.purgeQueues(RETRY_QUEUES);
            Duration delay = Duration.ofSeconds(Math.max(420, (long) (4 * notifications / perSecond)));
            figure("(2) calibration: %.0f pending notifications/s through SMTP on this host: delay %d s for %d", perSecond,
                delay.toSeconds(), notifications);
            return delay;
        }
    }

    @org.junit.jupiter.api.AfterEach
    void stopEndpoint() {
        stopJames();
        if (endpointForScale != null) {
            endpointForScale.close();
        }
    }

    // ------------------------------------------------------------------------------------ (3) circuit open, (6)

    /**
     * The endpoint answers 503 to all: the circuit opens and 10,000 notifications wait without
     * their inline attempt. While it is open, no redelivery loop and no publish beyond one per
     * scheduled retry. Then it comes back: the backlog drains at least half as fast as the inline
     * path delivered to the same endpoint at the start of the same run.
     */
    @Test
    void noRedeliveryLoopWhileTheCircuitIsOpenThenDrainRate() throws Exception {
        long started = System.nanoTime();
        long logStart = JamesScenario.logSize();
        endpointForScale = TimedEndpoint.start(TimedEndpoint.Mode.ACCEPT);
        Map<String, String> parameters = endpoint(endpointForScale.url());
        parameters.put("delayTime", "1000 * 2s");
        JamesScenario.enableWebAdmin(workDir);
        james = JamesScenario.bootDroppingMails(workDir, parameters, onTheBroker());
        WebAdmin webAdmin = new WebAdmin(james.webAdminPort());

        // The inline path's throughput to this endpoint: mails through SMTP, each notified at once.
        int inlineMails = 1000;
        long inlineStart = System.nanoTime();
        JamesScenario.sendLoad(james, inlineMails, 4);
        eventually().atMost(Duration.ofMinutes(5)).until(() -> endpointForScale.acceptedCount() >= inlineMails * 3);
        double inlineSeconds = (System.nanoTime() - inlineStart) / 1e9;
        double inlineRate = inlineMails * 3 / inlineSeconds;

        // The outage: 503 to all, the circuit opens, the backlog builds without inline attempts.
        endpointForScale.answer(TimedEndpoint.Mode.FAIL_ALL);
        int backlog = SCALE_MAILS * 3;
        long building = System.nanoTime();
        JamesScenario.sendLoad(james, inlineMails, SCALE_MAILS, 4);
        // The mails are dropped once notified about: James's own count says when all went through the mailet.
        eventually().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1)).alias("backlog built").until(() -> {
            JsonNode since = webAdmin.get("/chronos-push").path("sinceStart");
            return since.path("matched").asLong() == inlineMails + SCALE_MAILS && since.path("retried").asLong() >= backlog;
        });
        long buildSeconds = seconds(building);
        eventually().alias("the backlog held on the broker").until(() -> BROKER.queues(RETRY_QUEUES).held() >= SCALE_MAILS / 2);

        // The broker's counters lag up to 5 s: 6 s on, they count the built backlog; the endpoint takes nothing meanwhile.
        int acceptedBuilt = endpointForScale.acceptedCount();
        Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
            .until(() -> endpointForScale.acceptedCount() == acceptedBuilt);
        RabbitMqBroker.Counters openStart = BROKER.queues(RETRY_QUEUES);
        int failedAtStart = endpointForScale.failedCount();
        long openStartNanos = System.nanoTime();
        // The circuit-open window: 30 s in which the endpoint accepts nothing, so the whole backlog stays pending.
        Awaitility.await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
            .until(() -> endpointForScale.acceptedCount() == acceptedBuilt);
        RabbitMqBroker.Counters openEnd = BROKER.queues(RETRY_QUEUES);
        double openSeconds = (System.nanoTime() - openStartNanos) / 1e9;
        int failedInWindow = endpointForScale.failedCount() - failedAtStart;
        RabbitMqBroker.Counters inOpen = openEnd.minus(openStart);
        assertThat(openEnd.held()).as("the backlog still pending before recovery (positive control)").isPositive();

        // Recovery: how fast does the backlog drain?
        endpointForScale.answer(TimedEndpoint.Mode.ACCEPT);
        int acceptedBefore = endpointForScale.acceptedCount();
        long drainStart = System.nanoTime();
        Duration drainBound = Duration.ofSeconds(Long.getLong("chronos.rabbit.drainBoundSeconds", 180));
        try {
            Awaitility.await().atMost(drainBound).pollInterval(Duration.ofMillis(100))
                .until(() -> distinctAccepted(endpointForScale) >= inlineMails * 3 + backlog);
        } catch (ConditionTimeoutException notDrained) {
            // Measured below from what drained within the bound.
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        long drained = distinctAccepted(endpointForScale) - inlineMails * 3L;
        double drainRate = drained / drainSeconds;
        double ratio = drainRate / inlineRate;
        long duplicates = endpointForScale.acceptedCount() - distinctAccepted(endpointForScale);

        figure("(3) no redelivery loop while the circuit is open: window of %.0f s: redeliver=%d (%.1f/s) publish=%d (%.1f/s)"
                + " for %d failed attempts (scheduled retries) deliver_get=%d; backlog %d notifications built in %d s",
            openSeconds, inOpen.redeliver(), inOpen.redeliver() / openSeconds, inOpen.publish(), inOpen.publish() / openSeconds,
            failedInWindow, inOpen.deliverGet(), backlog, buildSeconds);
        figure("(6) drain rate: inline %d notifications in %.1f s = %.0f/s; backlog %d: %d drained in %.1f s%s = %.0f/s;"
                + " ratio %.2f (target >= 0.5); duplicates %d (accepted before the switch %d); %d s",
            inlineMails * 3, inlineSeconds, inlineRate, backlog, drained, drainSeconds,
            drained < backlog ? " (bound " + drainBound.toSeconds() + " s reached)" : "", drainRate, ratio, duplicates, acceptedBefore,
            seconds(started));
        if (drained < backlog) {
            figure("(6) not drained: %d; James's warnings and errors of the run, other than the failed attempts:%n%s", backlog - drained,
                unusualLines(JamesScenario.logFrom(logStart)));
        }

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(inOpen.redeliver() / openSeconds).as("(3) redeliveries/s while the circuit is open").isLessThanOrEqualTo(10.0);
        softly.assertThat(inOpen.publish()).as("(3) publishes while the circuit is open: one per scheduled retry, plus a small constant")
            .isLessThanOrEqualTo(failedInWindow + SMALL_CONSTANT);
        softly.assertThat(drained).as("(6) the whole backlog drained").isEqualTo(backlog);
        softly.assertThat(ratio).as("(6) drain rate / inline throughput").isGreaterThanOrEqualTo(0.5);
        softly.assertAll();
    }

    private static long distinctAccepted(TimedEndpoint endpoint) {
        return endpoint.accepted().stream().map(n -> n.user + " " + n.body.hashCode()).distinct().count();
    }

    // ------------------------------------------------------------------------------------ (4)

    /**
     * A broker restart ({@code stop_app} / {@code start_app}) during an outage, with notifications
     * pending: none is lost once both are back, and James reconnects and goes on, not restarted.
     */
    @Test
    void brokerRestartDuringAnOutage() throws Exception {
        long started = System.nanoTime();
        int port = JamesScenario.freePort();
        long logStart = JamesScenario.logSize();
        Map<String, String> parameters = endpoint(url(port));
        parameters.put("delayTime", "100 * 2s");
        james = JamesScenario.boot(workDir, parameters, onTheBroker());
        int mails = 30;
        JamesScenario.sendLoad(james, mails, 3);
        JamesScenario.awaitLoadStored(james, mails);
        eventually().alias("notifications pending on RabbitMQ").until(() -> BROKER.queues(RETRY_QUEUES).held() > 0);
        RabbitMqBroker.Counters before = BROKER.queues(RETRY_QUEUES);

        long logAtStop = JamesScenario.logSize();
        try {
            RabbitMqBroker.stopApp();
            // Positive control: the broker is really down, for a while.
            JamesScenario.holdsFor(Duration.ofSeconds(10), "the broker stays down", () ->
                assertThat(RabbitMqBroker.listening(RabbitMqBroker.AMQP_PORT)).isFalse());
        } finally {
            RabbitMqBroker.startApp();
        }
        eventually().alias("James logs the reconnection").untilAsserted(() ->
            assertThat(JamesScenario.logFrom(logAtStop)).contains("Replacing current RabbitMQ connection"));

        sink = ChronosSink.start(port, LOGIN, JamesScenario.PASSWORD, notification -> { });
        Map<String, Long> expected = oncePerUserAndMail(mails);
        eventually().atMost(Duration.ofMinutes(3)).alias("every notification at least once").until(() ->
            perUserAndMail(sink.received()).keySet().containsAll(expected.keySet()));
        // The same James goes on: a new invite after the restart is notified to its 3 users.
        // As an MTA would on a 451, the new invite is sent again until James takes it (bounded): a James that needs a restart never does.
        long resending = System.nanoTime();
        eventually().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
            .alias("James takes a new invite after the broker restart").until(() -> {
                JamesScenario.sendLoad(james, mails, 1, 1);
                return true;
            });
        long takenAfter = seconds(resending);
        eventually().until(() -> perUserAndMail(sink.received()).keySet().containsAll(oncePerUserAndMail(mails, 1).keySet()));

        Map<String, Long> counts = perUserAndMail(sink.received());
        long duplicates = counts.values().stream().mapToLong(count -> count - 1).sum();
        figure("(4) broker restart during an outage: %d notifications pending (%s), stop_app for >= 10 s, start_app; all %d arrived,"
                + " %d duplicates; James logged 'Replacing current RabbitMQ connection' and took a new invite %d s after the first try; %d s",
            expected.size(), before, expected.size(), duplicates, takenAfter, seconds(started));
        assertThat(counts.keySet()).containsAll(expected.keySet());
        assertThat(JamesScenario.logFrom(logStart)).contains("Replacing current RabbitMQ connection");
    }

    // ------------------------------------------------------------------------------------ figures

    /** Per notification: its first request (the failed inline attempt) and its second (the retry), against the delay. */
    private static final class Lateness {
        final List<Long> late = new ArrayList<>();
        final List<String> notRetriedKeys = new ArrayList<>();
        int retried;
        int notRetried;
        int early;
        long earliest = Long.MAX_VALUE;

        static Lateness of(Map<String, List<Long>> requests, long delayMillis, long end) {
            Lateness lateness = new Lateness();
            for (Map.Entry<String, List<Long>> notification : requests.entrySet()) {
                List<Long> times = notification.getValue();
                long due = times.get(0) + delayMillis;
                if (times.size() < 2) {
                    lateness.notRetried++;
                    lateness.notRetriedKeys.add(notification.getKey() + " (first attempt at " + Instant.ofEpochMilli(times.get(0)) + ")");
                    lateness.late.add(Math.max(0, end - due));
                    continue;
                }
                lateness.retried++;
                long late = times.get(1) - due;
                lateness.earliest = Math.min(lateness.earliest, late);
                // The mailet reckons "due" from after the answer, the endpoint from the request: a retry is never early by this count unless it is.
                if (late < 0) {
                    lateness.early++;
                }
                lateness.late.add(late);
            }
            Collections.sort(lateness.late);
            return lateness;
        }

        long percentile(int p) {
            return late.isEmpty() ? 0 : late.get(Math.min(late.size() - 1, (int) Math.ceil(p / 100.0 * late.size()) - 1));
        }

        long max() {
            return late.isEmpty() ? 0 : late.get(late.size() - 1);
        }
    }

    /** WARN and ERROR lines, but for the expected failed attempts ("attempt 1 failed (HTTP 503..."), the first 40 of them. */
    private static String unusualLines(String log) {
        return log.lines()
            .filter(line -> line.contains("WARN") || line.contains("ERROR"))
            .filter(line -> !line.contains(" failed (HTTP 503"))
            .limit(40)
            .collect(Collectors.joining(System.lineSeparator()));
    }

    private static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }

    private static void figure(String format, Object... arguments) throws IOException {
        String line = Instant.now() + " " + String.format(format, arguments);
        System.out.println(line);
        Files.writeString(FIGURES, line + System.lineSeparator(), UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
