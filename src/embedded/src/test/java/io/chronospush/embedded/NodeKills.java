package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.perUserAndMail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests that kill a James node with SIGKILL share: the nodes, each in a JVM of its own
 * and killed after each test whatever happened, the sink that holds their requests, and the
 * retry settings that keep retries in flight. Each node's log is in {@code target/embedded/nodes}.
 */
abstract class NodeKills {
    static final int MAILS = 20;
    static final Duration FAIL_DELAY = Duration.ofSeconds(1);
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    /** Longer than a test holds a request, so that no held request times out in a node. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** The fewest requests a node must have in flight at the kill, for the kill to prove anything. */
    static final int HELD_AT_LEAST = 3;
    /**
     * Between a 503 and the kill: the node has settled that retry (queued the next, acknowledged
     * this one) long before. A kill inside that instant may repeat a notification whose request
     * was answered; the tests leave that window out and count only requests in flight.
     */
    static final Duration SETTLED = Duration.ofMillis(500);
    /** How long a test watches for a late duplicate: a retry delay and one attempt, and a margin. */
    static final Duration QUIET = RETRY_DELAY.plus(JamesScenario.SAMPLE_TIMEOUT).plusSeconds(2);

    @TempDir
    Path workDir;

    final List<NodeProcess> nodes = new ArrayList<>();
    HoldingSink sink;

    @AfterEach
    void killNodesThenSink() {
        nodes.forEach(NodeProcess::close);
        if (sink != null) {
            sink.close();
        }
    }

    static Path logDir() throws IOException {
        return Files.createDirectories(JamesScenario.LOG.toAbsolutePath().getParent().resolve("nodes"));
    }

    /** The mailet's parameters for {@code login}: quick retries, a timeout longer than any hold, the circuit off. */
    Map<String, String> parameters(String login) {
        Map<String, String> parameters = JamesScenario.endpoint(ChronosSink.url(sink.port(), login, JamesScenario.PASSWORD));
        parameters.put("delayTime", "1000 * " + RETRY_DELAY.toMillis() + "ms");
        parameters.put("timeout", TIMEOUT.toSeconds() + "s");
        // Off: with the circuit open only one retry at a time would be in flight.
        parameters.put("circuitBreakerThreshold", "0");
        return parameters;
    }

    /** Each notification received more than once, with the number of extra copies. */
    static Map<String, Long> duplicates(List<ChronosSink.Received> received) {
        return perUserAndMail(received).entrySet().stream().filter(entry -> entry.getValue() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue() - 1));
    }

    static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
