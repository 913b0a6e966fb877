package io.chronospush.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CutOffsTest {
    private static final Duration LENGTH = Duration.ofMillis(200);

    private final CutOffs testee = new CutOffs(LENGTH, Executors.defaultThreadFactory());

    @AfterEach
    void tearDown() {
        testee.close();
    }

    @Test
    void anUnsettledAttemptIsCutOffAfterTheLength() throws Exception {
        CompletableFuture<String> attempt = new CompletableFuture<>();
        long start = System.nanoTime();

        testee.arm(attempt, () -> attempt.complete("cut off"));

        assertThat(attempt.get(5, TimeUnit.SECONDS)).isEqualTo("cut off");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(LENGTH);
    }

    @Test
    void aSettledAttemptIsNotCutOff() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        CompletableFuture<String> answered = new CompletableFuture<>();
        CompletableFuture<String> unanswered = new CompletableFuture<>();

        testee.arm(answered, () -> fired.add("answered"));
        testee.arm(unanswered, () -> {
            fired.add("unanswered");
            unanswered.complete("cut off");
        });
        answered.complete("200");

        unanswered.get(5, TimeUnit.SECONDS);
        Thread.sleep(LENGTH.toMillis());
        assertThat(fired).containsExactly("unanswered");
    }

    @Test
    void everyAttemptArmedFromManyThreadsIsCutOffOnce() throws Exception {
        List<CompletableFuture<Integer>> attempts = IntStream.range(0, 2_000)
            .mapToObj(any -> new CompletableFuture<Integer>())
            .collect(Collectors.toList());
        List<Integer> fired = new CopyOnWriteArrayList<>();

        attempts.parallelStream().forEach(attempt -> testee.arm(attempt, () -> {
            fired.add(attempts.indexOf(attempt));
            attempt.complete(1);
        }));

        CompletableFuture.allOf(attempts.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
        assertThat(fired).hasSize(attempts.size()).doesNotHaveDuplicates();
    }

    @Test
    void attemptsArmedBeforeCloseStillEndAndNoneIsArmedAfter() throws Exception {
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        testee.arm(inFlight, () -> inFlight.complete("cut off"));

        testee.close();

        assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo("cut off");
        assertThat(testee.arm(new CompletableFuture<>(), () -> { })).isFalse();
    }
}
