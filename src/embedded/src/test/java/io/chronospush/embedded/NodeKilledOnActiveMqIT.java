package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.eventually;
import static io.chronospush.embedded.JamesScenario.oncePerUserAndMail;
import static io.chronospush.embedded.JamesScenario.perUserAndMail;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * A James node killed with SIGKILL while it retries notifications, its queues on ActiveMQ with
 * KahaDB on disk: a new node on the same working directory delivers every one of them (none
 * lost), and repeats at most those that were in flight at the kill.
 *
 * <p>The endpoint first fails slowly (503 after a second), so that every notification waits on
 * the retry queue and the retries are always mid-request. Then it takes each notification as it
 * arrives and holds the answer: the calendar server did its work, the node never hears of it.
 * The node is killed with those requests unanswered: the worst case for duplicates, each of them
 * may come again. The answers are frozen from just before the kill, so that the requests the
 * sink never answered are exactly the node's requests in flight.
 */
class NodeKilledOnActiveMqIT extends NodeKills {
    /** The node's login at the endpoint, its own: other James on this machine may notify the sink's port. */
    private static final String LOGIN = "sigkill-activemq";


    @Test
    void aNewNodeOnTheSameDirectoryDeliversEveryNotificationAfterASigkill() throws Exception {
        long testStart = System.nanoTime();
        Path logDir = logDir();
        sink = HoldingSink.start(HoldingSink.Mode.FAIL_SLOWLY, FAIL_DELAY, Set.of(LOGIN));
        Map<String, String> parameters = parameters(LOGIN);
        Map<String, Long> expected = oncePerUserAndMail(MAILS);

        NodeProcess first = start("activemq-first", logDir, parameters);
        JamesScenario.sendLoad(first.smtpPort(), 0, MAILS, 2);
        // Every notification failed inline and once more from the retry queue: all of them wait there.
        eventually().alias("every notification tried twice").until(() -> {
            Map<String, Long> attempts = sink.attemptsPerKey();
            return expected.keySet().stream().allMatch(key -> attempts.getOrDefault(key, 0L) >= 2);
        });

        sink.mode(HoldingSink.Mode.HOLD);
        eventually().alias(HELD_AT_LEAST + " requests held, the last 503 settled").until(() ->
            sink.openIn(HoldingSink.Mode.HOLD) >= HELD_AT_LEAST && sink.sinceLastFailureAnswered().compareTo(SETTLED) >= 0);
        sink.freeze();
        long killedAt = System.nanoTime();
        int exit = first.kill();
        List<HoldingSink.Request> inFlight = sink.open();
        List<ChronosSink.Received> acceptedAtKill = sink.received();

        assertThat(exit).as("exit status of a process ended by SIGKILL").isEqualTo(NodeProcess.SIGKILL_EXIT);
        assertThat(inFlight).as("requests the node sent and never had an answer to").isNotEmpty()
            .allSatisfy(request -> assertThat(request.age()).isLessThan(TIMEOUT));
        assertThat(inFlight.stream().filter(request -> request.mode == HoldingSink.Mode.HOLD))
            .as("requests accepted but unanswered at the kill").hasSizeGreaterThanOrEqualTo(HELD_AT_LEAST);
        Set<String> acceptedKeys = perUserAndMail(acceptedAtKill).keySet();
        Set<String> inFlightKeys = inFlight.stream().map(request -> request.key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(acceptedKeys).as("accepted before the kill: only the held ones").isSubsetOf(inFlightKeys);
        int pendingAtKill = expected.size() - acceptedKeys.size();
        assertThat(pendingAtKill).as("notifications still waiting on the retry queue at the kill").isGreaterThan(0);

        sink.mode(HoldingSink.Mode.ACCEPT);
        sink.release();
        NodeProcess second = start("activemq-second", logDir, parameters);
        long secondReadyAt = System.nanoTime();
        eventually().alias("every notification accepted").until(() -> perUserAndMail(sink.received()).keySet().containsAll(expected.keySet()));
        long deliveredAt = System.nanoTime();
        JamesScenario.holdsFor(QUIET, "duplicates only of requests in flight at the kill, at most one each",
            () -> assertThat(duplicates(sink.received())).allSatisfy((key, copies) -> {
                assertThat(inFlightKeys).as("a repeated notification was in flight at the kill").contains(key);
                assertThat(copies).as("copies of " + key).isEqualTo(1);
            }));

        Map<String, Long> repeated = duplicates(sink.received());
        long duplicates = repeated.values().stream().mapToLong(Long::longValue).sum();
        assertThat(perUserAndMail(sink.received()).keySet()).as("none lost, and no stranger").isEqualTo(expected.keySet());
        assertThat(duplicates).as("duplicates, at most the requests in flight").isLessThanOrEqualTo(inFlight.size());
        assertThat(second.isAlive()).isTrue();
        System.out.printf("NodeKilledOnActiveMqIT: %d notifications, %d pending at the kill, %d requests in flight (%d held, accepted),"
                + " %d duplicates %s, all delivered %d ms after the kill (%d ms after the new node was ready); %d requests from strangers; test %d s%n",
            expected.size(), pendingAtKill, inFlight.size(), acceptedKeys.size(), duplicates, repeated.keySet(),
            millis(deliveredAt - killedAt), millis(deliveredAt - secondReadyAt), sink.strangers(), millis(System.nanoTime() - testStart) / 1000);
    }

    private NodeProcess start(String name, Path logDir, Map<String, String> parameters) throws Exception {
        NodeProcess node = NodeProcess.start(name, workDir, logDir, "activemq", parameters);
        nodes.add(node);
        return node;
    }

}
