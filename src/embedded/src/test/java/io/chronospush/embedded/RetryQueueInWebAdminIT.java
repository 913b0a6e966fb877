package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.DEAD_LETTERS;
import static io.chronospush.embedded.JamesScenario.LOGIN;
import static io.chronospush.embedded.JamesScenario.PASSWORD;
import static io.chronospush.embedded.JamesScenario.USERS;
import static io.chronospush.embedded.JamesScenario.afterRetry;
import static io.chronospush.embedded.JamesScenario.assertNoSecretOrFailureIn;
import static io.chronospush.embedded.JamesScenario.awaitExactly;
import static io.chronospush.embedded.JamesScenario.endpoint;
import static io.chronospush.embedded.JamesScenario.eventually;
import static io.chronospush.embedded.JamesScenario.oncePerUserAndMail;
import static io.chronospush.embedded.JamesScenario.url;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Module;

/**
 * What an operator does in James's webadmin on seeing the extension's retry WARNs: list the
 * queues, read the size of {@code chronos-push-20s}, list its mails (more than once, the delayed ones
 * too), flush the delayed ones. None of it may cost a notification: once the endpoint is back,
 * each arrives exactly once, those queued after the calls included.
 *
 * <p>On James 3.8.1's memory queue a listing can lose them all: {@code MemoryMailQueueFactory} counts
 * the references to a queue and, when they reach 0, stops its scheduler and drops its mails;
 * {@code MailQueueRoutes.listMails} closes the queue twice for the one {@code getQueue} it makes,
 * and the mailet holds the only other reference. On ActiveMQ, {@code close()} does nothing.
 */
class RetryQueueInWebAdminIT extends InJames {
    /**
     * Long enough for every call to see the same pending mails, none of them due (due ones are
     * being retried, off the queue for a moment), on a loaded host too; the later ones quick, so
     * that the test ends soon.
     */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(20);
    /** Where the first retries wait: the queue of their delay. */
    private static final String QUEUE = "chronos-push-" + FIRST_RETRY.toSeconds() + "s";
    private static final String MAILS_OF_QUEUE = "/mailQueues/" + QUEUE + "/mails";
    private static final int LATER_RETRIES = 30;
    private static final String DELAY_TIME = FIRST_RETRY.toSeconds() + "s, " + LATER_RETRIES + " * 2s";
    private static final int MAILS = 10;
    /** Sent after the calls: a queue the calls broke takes mails, and never hands them out. */
    private static final int LATER_MAILS = 2;

    @Test
    void theOperatorsCallsLoseNoNotificationOnTheMemoryQueue() throws Exception {
        operatorWorksOnPendingRetries();
    }

    @Test
    void theOperatorsCallsLoseNoNotificationOnActiveMq() throws Exception {
        operatorWorksOnPendingRetries(new ActiveMqQueueModule());
    }

    private void operatorWorksOnPendingRetries(Module... queue) throws Exception {
        int port = JamesScenario.freePort();
        Map<String, String> parameters = endpoint(url(port));
        parameters.put("delayTime", DELAY_TIME);
        JamesScenario.enableWebAdmin(workDir);
        long logStart = JamesScenario.logSize();
        james = JamesScenario.boot(workDir, parameters, queue);
        WebAdmin webAdmin = new WebAdmin(james.webAdminPort());

        JamesScenario.sendLoad(james, MAILS, 2);
        JamesScenario.awaitLoadStored(james, MAILS);
        JamesScenario.awaitRetriesLogged(logStart, "retry 1 of " + (1 + LATER_RETRIES) + " in " + FIRST_RETRY.toSeconds() + " s",
            MAILS * USERS.size());
        // The control: the notifications do wait on the queue, those of one mail together.
        assertThat(webAdmin.queueSize(QUEUE)).as("GET /mailQueues/" + QUEUE + ", before any listing").isEqualTo(MAILS);

        assertThat(webAdmin.get("/mailQueues")).as("GET /mailQueues").extracting(JsonNode::asText).contains(QUEUE);
        assertEveryMailPending(webAdmin, MAILS_OF_QUEUE, 1);
        assertEveryMailPending(webAdmin, MAILS_OF_QUEUE, 2);
        assertEveryMailPending(webAdmin, MAILS_OF_QUEUE + "?delayed=true", 3);
        assertEveryMailPending(webAdmin, MAILS_OF_QUEUE, 4);
        assertThat(webAdmin.queueSize(QUEUE)).as("GET /mailQueues/" + QUEUE + ", after the listings").isEqualTo(MAILS);
        webAdmin.patch(MAILS_OF_QUEUE + "?delayed=true", "{\"delayed\": false}", 204);
        awaitQueueSize(webAdmin, MAILS, "after the flush");

        JamesScenario.sendLoad(james, MAILS, LATER_MAILS, 1);
        JamesScenario.awaitLoadStored(james, MAILS + LATER_MAILS);
        // By now the first mails may be due and waiting on the queue of a later retry: all the extension's queues together.
        awaitPendingOnTheExtensionsQueues(webAdmin, MAILS + LATER_MAILS, "with the later mails");
        sink = ChronosSink.start(port, LOGIN, PASSWORD, notification -> { });

        awaitExactly(sink, oncePerUserAndMail(MAILS + LATER_MAILS), afterRetry(FIRST_RETRY));
        awaitQueueSize(webAdmin, 0, "once every notification arrived");
        assertThat(james.repository(DEAD_LETTERS)).isEmpty();
        assertNoSecretOrFailureIn(JamesScenario.logSince(logStart));
    }

    /** The sizes of the extension's queues ({@code chronos-push-*}) settle at {@code size} in all. */
    private static void awaitPendingOnTheExtensionsQueues(WebAdmin webAdmin, long size, String when) {
        eventually().pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            long pending = 0;
            for (JsonNode queue : webAdmin.get("/mailQueues")) {
                if (queue.asText().startsWith("chronos-push-")) {
                    pending += webAdmin.queueSize(queue.asText());
                }
            }
            assertThat(pending).as("GET /mailQueues/chronos-push-*, summed, " + when).isEqualTo(size);
        });
    }

    /** Listing number {@code call} shows each of the pending mails, with its three users. */
    private static void assertEveryMailPending(WebAdmin webAdmin, String listing, int call) throws Exception {
        JsonNode mails = webAdmin.get(listing);
        String as = "GET " + listing + ", listing " + call + " of 4: " + mails;
        assertThat(mails).as(as).hasSize(MAILS);
        assertThat(mails).as(as).extracting(mail -> mail.path("name").asText()).doesNotHaveDuplicates();
        assertThat(mails).as(as).allSatisfy(mail -> assertThat(mail.path("recipients")).extracting(JsonNode::asText)
            .containsExactlyInAnyOrderElementsOf(USERS));
    }

    /** The queue's size settles at {@code size}: a retry taken off and queued again moves it for a moment. */
    private static void awaitQueueSize(WebAdmin webAdmin, long size, String when) {
        eventually().pollInterval(Duration.ofMillis(200)).untilAsserted(
            () -> assertThat(webAdmin.queueSize(QUEUE)).as("GET /mailQueues/" + QUEUE + ", " + when).isEqualTo(size));
    }
}
