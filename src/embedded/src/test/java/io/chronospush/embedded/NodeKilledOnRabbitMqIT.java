package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.eventually;
import static io.chronospush.embedded.JamesScenario.oncePerUserAndMail;
import static io.chronospush.embedded.JamesScenario.perUserAndMail;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two James nodes, each in a JVM of its own, share a RabbitMQ vhost (the spool and the retry
 * queue) and a blob store over one directory (the stand-in for S3), as a cluster of distributed
 * James does. One is killed with SIGKILL while it holds retries in flight: the other delivers
 * every notification. Each notification is tried by one node at a time: its requests never
 * overlap, but for the killed node's unanswered ones; only those may come twice.
 *
 * <p>The endpoint fails slowly (503 after a second) until every notification waits on the retry
 * queue and both nodes have retried; then it takes each notification as it arrives and holds the
 * answer, and the answers are frozen just before the kill: the killed node's unanswered requests
 * are exactly its requests in flight. Each node has a login of its own, so the sink knows which
 * node sent what.
 */
class NodeKilledOnRabbitMqIT extends NodeKills {
    @RegisterExtension
    static final RabbitMqBroker BROKER = new RabbitMqBroker();

    private static final String KILLED = "sigkill-rabbitmq-killed";
    private static final String SURVIVOR = "sigkill-rabbitmq-survivor";


    @Test
    void theOtherNodeDeliversWhatAKilledNodeHadInFlight() throws Exception {
        long testStart = System.nanoTime();
        Path logDir = logDir();
        Path blobs = Files.createDirectories(workDir.resolve("blobs"));
        sink = HoldingSink.start(HoldingSink.Mode.FAIL_SLOWLY, FAIL_DELAY, Set.of(KILLED, SURVIVOR));
        Map<String, Long> expected = oncePerUserAndMail(MAILS);

        NodeProcess killed = start(KILLED, logDir, blobs);
        start(SURVIVOR, logDir, blobs);
        JamesScenario.sendLoad(killed.smtpPort(), 0, MAILS, 2);
        eventually().alias("every notification tried twice, by both nodes").until(() -> {
            Map<String, Long> attempts = sink.attemptsPerKey();
            Map<String, Long> perNode = requestsPerNode(sink.requests());
            return expected.keySet().stream().allMatch(key -> attempts.getOrDefault(key, 0L) >= 2)
                && perNode.getOrDefault(KILLED, 0L) > 0 && perNode.getOrDefault(SURVIVOR, 0L) > 0;
        });

        sink.mode(HoldingSink.Mode.HOLD);
        eventually().alias(HELD_AT_LEAST + " requests of the node to kill held, the last 503 settled").until(() ->
            heldBy(sink.open(), KILLED) >= HELD_AT_LEAST && sink.sinceLastFailureAnswered().compareTo(SETTLED) >= 0);
        sink.freeze();
        // Until SIGKILL lands the node may still start requests: they are in flight too. Gone, it starts none.
        long killStarted = System.nanoTime();
        int exit = killed.kill();
        long killedAt = System.nanoTime();
        List<HoldingSink.Request> open = sink.open();
        List<HoldingSink.Request> inFlight = open.stream().filter(request -> request.login.equals(KILLED)).collect(Collectors.toList());
        Map<String, Long> requestsBeforeKill = requestsPerNode(sink.requests());
        Set<String> acceptedKeys = perUserAndMail(sink.received()).keySet();

        assertThat(exit).as("exit status of a process ended by SIGKILL").isEqualTo(NodeProcess.SIGKILL_EXIT);
        assertThat(BROKER.queueNames()).as("the retry queue, on this test's vhost: no other James shares it")
            .anyMatch(name -> name.contains("chronos-push"));
        assertThat(inFlight).as("requests the killed node sent and never had an answer to").isNotEmpty()
            .allSatisfy(request -> assertThat(request.age()).isLessThan(TIMEOUT));
        assertThat(heldBy(inFlight, KILLED)).as("of them, accepted but unanswered").isGreaterThanOrEqualTo(HELD_AT_LEAST);
        Set<String> inFlightKeys = inFlight.stream().map(request -> request.key).collect(Collectors.toCollection(TreeSet::new));
        int pendingAtKill = expected.size() - acceptedKeys.size();
        assertThat(pendingAtKill).as("notifications still waiting at the kill").isGreaterThan(0);

        sink.mode(HoldingSink.Mode.ACCEPT);
        sink.release();
        eventually().alias("every notification accepted").until(() -> perUserAndMail(sink.received()).keySet().containsAll(expected.keySet()));
        long deliveredAt = System.nanoTime();
        JamesScenario.holdsFor(QUIET, "duplicates only of the killed node's requests in flight, at most one each",
            () -> assertThat(duplicates(sink.received())).allSatisfy((key, copies) -> {
                assertThat(inFlightKeys).as("a repeated notification was in flight at the kill").contains(key);
                assertThat(copies).as("copies of " + key).isEqualTo(1);
            }));

        List<HoldingSink.Request> requests = sink.requests();
        Map<String, Long> repeated = duplicates(sink.received());
        long duplicates = repeated.values().stream().mapToLong(Long::longValue).sum();
        assertThat(perUserAndMail(sink.received()).keySet()).as("none lost, and no stranger").isEqualTo(expected.keySet());
        assertThat(duplicates).as("duplicates, at most the requests in flight").isLessThanOrEqualTo(inFlight.size());
        assertThat(overlaps(requests, inFlight)).as("requests of one notification while another of its requests was unanswered").isEmpty();
        assertThat(inFlightKeys).as("what the killed node had in flight, the survivor sent again after the kill")
            .allSatisfy(key -> assertThat(requests).anySatisfy(request -> {
                assertThat(request.key).isEqualTo(key);
                assertThat(request.login).isEqualTo(SURVIVOR);
                assertThat(request.startedNanos).isGreaterThan(killStarted);
            }));
        assertThat(requests.stream().filter(request -> request.startedNanos > killedAt).map(request -> request.login))
            .as("no request from the killed node after the kill").containsOnly(SURVIVOR);
        System.out.printf("NodeKilledOnRabbitMqIT: %d notifications, requests before the kill per node %s, %d pending at the kill,"
                + " %d requests of the killed node in flight (%d held, accepted; the survivor had %d), %d duplicates %s,"
                + " all delivered %d ms after the kill; %d requests from strangers; test %d s%n",
            expected.size(), requestsBeforeKill, pendingAtKill, inFlight.size(), heldBy(inFlight, KILLED), open.size() - inFlight.size(),
            duplicates, repeated.keySet(), millis(deliveredAt - killedAt), sink.strangers(), millis(System.nanoTime() - testStart) / 1000);
    }

    private NodeProcess start(String name, Path logDir, Path blobs) throws Exception {
        NodeProcess node = NodeProcess.start(name, Files.createDirectories(workDir.resolve(name)), logDir, "rabbitmq", parameters(name),
            "-D" + JamesNode.RABBITMQ_VHOST + "=" + BROKER.vhost(), "-D" + JamesNode.BLOBS + "=" + blobs);
        nodes.add(node);
        return node;
    }

    private static long heldBy(List<HoldingSink.Request> requests, String login) {
        return requests.stream().filter(request -> request.mode == HoldingSink.Mode.HOLD && request.login.equals(login)).count();
    }

    private static Map<String, Long> requestsPerNode(List<HoldingSink.Request> requests) {
        return requests.stream().collect(Collectors.groupingBy(request -> request.login, Collectors.counting()));
    }

    /**
     * Each notification's requests in the order they started, but the killed node's unanswered
     * ones: one that started before the one before it was answered was sent by two nodes at once.
     */
    private static List<String> overlaps(List<HoldingSink.Request> requests, List<HoldingSink.Request> killedInFlight) {
        List<String> overlaps = new ArrayList<>();
        requests.stream().filter(request -> !killedInFlight.contains(request))
            .collect(Collectors.groupingBy(request -> request.key))
            .forEach((key, attempts) -> {
                attempts.sort(Comparator.comparingLong(request -> request.startedNanos));
                for (int i = 1; i < attempts.size(); i++) {
                    HoldingSink.Request before = attempts.get(i - 1);
                    if (!before.answered() || before.answeredNanos > attempts.get(i).startedNanos) {
                        overlaps.add(before + " then " + attempts.get(i));
                    }
                }
            });
        return overlaps;
    }

}
