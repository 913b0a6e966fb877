package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.ROOT;
import static io.chronospush.embedded.JamesScenario.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: a measurement, run on demand ({@code scripts/blackhole-benchmark}). SMTP-to-stored
 * throughput of James with the extension pointed at an endpoint that accepts connections and
 * never answers, against the same James without the extension, in alternating rounds of one
 * run. The ratio is what the extension costs delivery once its circuit is open.
 */
class BlackHoleBenchmark {
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);
    private static final int MAILS = Integer.getInteger("benchmark.mails", 600);
    private static final int WARM_UP = 150;
    private static final int CONNECTIONS = 4;
    private static final Path REPORT = Paths.get(System.getProperty("benchmark.report", "target/blackhole-benchmark.txt"));

    @TempDir
    Path workDir;

    @Test
    void measure() throws Exception {
        // As in production: the tests' DEBUG on io.chronospush would make the measurement one of logging.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.chronospush")).setLevel(ch.qos.logback.classic.Level.INFO);
        List<String> lines = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d rounds (after one uncounted) of %d mails (3 recipients each) over %d SMTP connections;"
            + " a fresh James per measurement, warmed with %d mails", ROUNDS, MAILS, CONNECTIONS, WARM_UP));
        lines.add("round  without plugin (mails/s)  with plugin, black hole (mails/s)  ratio");
        try (BlackHole blackHole = new BlackHole()) {
            String without = MailetContainerSample.withoutChronos(ROOT);
            String with = MailetContainerSample.withParameters(ROOT, JamesScenario.endpoint(JamesScenario.url(blackHole.port())));
            if (System.getProperty("benchmark.match") != null) {
                // For comparison only: the extension behind another matcher, e.g. one that never matches.
                with = MailetContainerSample.withMatcher(ROOT, System.getProperty("benchmark.match"),
                    JamesScenario.endpoint(JamesScenario.url(blackHole.port())));
            }
            if (Boolean.getBoolean("benchmark.matcherOnly")) {
                // For comparison only: the extension's matcher in front of a mailet of James's that does next to nothing.
                with = without.replace("<mailet class=\"LocalDelivery\" match=\"All\"/>",
                    "<mailet class=\"SetMailAttribute\" match=\"io.chronospush.HasCalendarInvite=1mb\"><probe>yes</probe></mailet>"
                        + "<mailet class=\"LocalDelivery\" match=\"All\"/>");
                assertThat(with).isNotEqualTo(without);
            }
            if (Boolean.getBoolean("benchmark.jamesStepOnly")) {
                // For comparison only: instead of the extension, one more step of James's own that does nothing.
                with = without.replace("<mailet class=\"LocalDelivery\" match=\"All\"/>",
                    "<mailet class=\"Null\" match=\"HasMailAttribute=never.set\"/><mailet class=\"LocalDelivery\" match=\"All\"/>");
                assertThat(with).isNotEqualTo(without);
            }
            // A first round of each, not counted: the JIT warms up over the first boots of James.
            throughput(workDir.resolve("warm-up-without"), without);
            throughput(workDir.resolve("warm-up-with"), with);
            for (int round = 1; round <= ROUNDS; round++) {
                // Alternating which goes first, so that a drift of the machine falls on both alike.
                boolean withFirst = round % 2 == 0;
                double plugin = withFirst ? throughput(workDir.resolve("with-" + round), with) : 0;
                double baseline = throughput(workDir.resolve("without-" + round), without);
                if (!withFirst) {
                    plugin = throughput(workDir.resolve("with-" + round), with);
                }
                ratios.add(plugin / baseline);
                lines.add(String.format(Locale.ROOT, "%5d  %25.1f  %33.1f  %5.2f", round, baseline, plugin, plugin / baseline));
            }
        }
        List<Double> sorted = new ArrayList<>(ratios);
        sorted.sort(Double::compare);
        lines.add(String.format(Locale.ROOT, "median ratio (with / without): %.2f", sorted.get(sorted.size() / 2)));
        Files.createDirectories(REPORT.toAbsolutePath().getParent());
        Files.write(REPORT, lines, StandardCharsets.UTF_8);
        lines.forEach(System.out::println);
    }

    /** Mails per second from the first SMTP connection to the last copy stored, after a warm-up. */
    private static double throughput(Path workDir, String mailetContainer) throws Exception {
        try (EmbeddedJames james = JamesScenario.provision(EmbeddedJames.start(workDir, JamesScenario.JAR, mailetContainer))) {
            JamesScenario.sendLoad(james, WARM_UP, CONNECTIONS);
            JamesScenario.awaitLoadStored(james, WARM_UP);
            long start = System.nanoTime();
            JamesScenario.sendLoad(james, MAILS, CONNECTIONS);
            JamesScenario.awaitLoadStored(james, WARM_UP + MAILS);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(james.messageCounts(USERS.get(0)).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(WARM_UP + MAILS);
            return MAILS / seconds;
        }
    }
}
