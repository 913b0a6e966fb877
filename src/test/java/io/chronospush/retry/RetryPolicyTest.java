package io.chronospush.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static Duration[] delays(RetryPolicy policy) {
        return IntStream.rangeClosed(1, policy.maxRetries()).mapToObj(policy::delayBefore).toArray(Duration[]::new);
    }

    @Test
    void defaultsToTwentyRetriesOverAboutSevenHours() {
        RetryPolicy policy = RetryPolicy.of(Optional.empty(), Optional.empty());

        assertThat(policy.maxRetries()).isEqualTo(20);
        assertThat(policy.delayBefore(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayBefore(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.delayBefore(11)).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.delayBefore(20)).isEqualTo(Duration.ofHours(1));
        assertThat(IntStream.rangeClosed(1, 20).mapToObj(policy::delayBefore).reduce(Duration.ZERO, Duration::plus))
            .isEqualTo(Duration.ofSeconds(50).plusMinutes(5).plusMinutes(60).plusHours(6));
    }

    @Test
    void readsRemoteDeliverySyntax() {
        assertThat(delays(RetryPolicy.of(Optional.of("2 * 500ms, 1m,3*2h"), Optional.empty())))
            .containsExactly(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMinutes(1),
                Duration.ofHours(2), Duration.ofHours(2), Duration.ofHours(2));
    }

    @Test
    void aBareNumberIsMillisecondsAsInRemoteDelivery() {
        assertThat(delays(RetryPolicy.of(Optional.of("2 * 1500"), Optional.empty()))).containsExactly(Duration.ofMillis(1500), Duration.ofMillis(1500));
    }

    @Test
    void moreRetriesThanDelaysRepeatTheLastDelay() {
        assertThat(delays(RetryPolicy.of(Optional.of("10s, 1m"), Optional.of(4))))
            .containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    @Test
    void fewerRetriesThanDelaysAreRaisedToTheDelaysAsInRemoteDelivery() {
        assertThat(RetryPolicy.of(Optional.of("3 * 10s"), Optional.of(1)).maxRetries()).isEqualTo(3);
    }

    @Test
    void maxRetriesAloneCutsTheDefaultDelays() {
        assertThat(delays(RetryPolicy.of(Optional.empty(), Optional.of(2)))).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(RetryPolicy.of(Optional.empty(), Optional.of(0)).maxRetries()).isZero();
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> RetryPolicy.of(Optional.of("5 * soon"), Optional.empty()))
            .hasMessage("'5 * soon' has no duration such as 10s, 1m or 6h");
        assertThatThrownBy(() -> RetryPolicy.of(Optional.of("x * 10s"), Optional.empty()))
            .hasMessage("'x * 10s' does not start with a number of attempts");
        assertThatThrownBy(() -> RetryPolicy.of(Optional.of("1 * 2 * 10s"), Optional.empty()))
            .hasMessage("'1 * 2 * 10s' has more than one '*'");
        assertThatThrownBy(() -> RetryPolicy.of(Optional.of(" , "), Optional.empty())).hasMessage("' , ' has no delay");
    }

    @Test
    void showsItselfInTheSyntaxOfDelayTime() {
        assertThat(RetryPolicy.of(Optional.empty(), Optional.empty())).hasToString("20 retries after 5 * 10s, 5 * 1m, 4 * 15m, 6 * 1h");
        assertThat(RetryPolicy.of(Optional.of("2 * 1500, 1m, 10s"), Optional.empty())).hasToString("4 retries after 2 * 1500ms, 1m, 10s");
        assertThat(RetryPolicy.of(Optional.of("1h"), Optional.empty())).hasToString("1 retry after 1h");
    }
}
