package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.endpoint;
import static io.chronospush.embedded.JamesScenario.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A {@code failedProcessor} that names no processor would send every notification given up on
 * into the void, and nothing would say so until the first one is lost. James checks the
 * processors a mailet declares ({@code Mailet.requiredProcessingState()}) before it starts, and
 * refuses to start on one that is not defined: the operator learns of the typo at once, from an
 * error that names the parameter and the value.
 */
class FailedProcessorCheckIT extends InJames {
    private static final String MISSPELT = "chronos-push-faild";
    private static final String SAMPLES = "chronos-push-failed";

    @Test
    void aMisspeltFailedProcessorStopsTheStartUpNamingTheParameterAndTheValue() throws Exception {
        Refusal refusal = bootRefused(workDir, "failedProcessor", MISSPELT);

        assertThat(refusal.messages).as("the failure's messages, cause after cause")
            .anySatisfy(message -> assertThat(message).contains("failedProcessor").contains(MISSPELT));
        assertThat(refusal.log).as("James's log of the start-up")
            .containsPattern("(?m)^.*(failedProcessor.*" + MISSPELT + "|" + MISSPELT + ".*failedProcessor).*$");
    }

    /** The control: the sample's processor, named right, boots. */
    @Test
    void theSamplesFailedProcessorBoots() throws Exception {
        long logStart = JamesScenario.logSize();

        james = JamesScenario.boot(workDir, parameters("failedProcessor", SAMPLES));

        assertThat(JamesScenario.logSince(logStart)).contains("given up on: processor " + SAMPLES)
            .doesNotContain("Fatal error while starting James");
    }

    /**
     * The control of the harness: a processor James itself checks ({@code onMailetException})
     * refuses the start the same way today, the failure reaches the test, and the same JVM then
     * boots the corrected configuration (the refused start left no port or thread behind).
     */
    @Test
    void jamesRefusesAnUndefinedOnMailetExceptionProcessorAndBootsOnceCorrected() throws Exception {
        Refusal refusal = bootRefused(workDir.resolve("refused"), "onMailetException", MISSPELT);

        assertThat(refusal.messages).as("the failure's messages, cause after cause").anySatisfy(message -> assertThat(message)
            .contains("undefined processors").contains(MISSPELT));

        james = JamesScenario.boot(workDir.resolve("corrected"), parameters("onMailetException", "ignore"));
    }

    private static Map<String, String> parameters(String name, String value) throws Exception {
        Map<String, String> parameters = endpoint(url(JamesScenario.freePort()));
        parameters.put(name, value);
        return parameters;
    }

    /** What a start-up James refused left: the messages of the failure and its causes, and James's log. */
    private static final class Refusal {
        final List<String> messages;
        final String log;

        Refusal(List<String> messages, String log) {
            this.messages = messages;
            this.log = log;
        }
    }

    /** Boots with the mailet's parameter {@code name} set to {@code value}, which James must refuse, logging why. */
    private Refusal bootRefused(Path dir, String name, String value) throws Exception {
        long logStart = JamesScenario.logSize();

        Throwable failure = catchThrowable(() -> james = JamesScenario.boot(dir, parameters(name, value)));

        // Not the parameters: their url has the endpoint's password.
        assertThat(failure).as("the failure of James's start-up, %s %s naming no processor", name, value).isNotNull();
        String log = JamesScenario.logFrom(logStart);
        assertThat(log).as("James's log of the start-up").contains("Fatal error while starting James");
        return new Refusal(Stream.iterate(failure, Objects::nonNull, Throwable::getCause).map(String::valueOf).collect(Collectors.toList()),
            log);
    }
}
