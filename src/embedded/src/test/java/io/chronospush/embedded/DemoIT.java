package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.JAR;
import static io.chronospush.embedded.JamesScenario.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.chronospush.testing.DocSamples;

/** What `./demo` prints, with and without a URL of the user's own. */
class DemoIT {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int demo(String... args) throws Exception {
        return new Demo(ROOT, JAR, new PrintStream(output, true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void showsEachNotificationTheSinkReceivedAndWhereEachMailWasStored() throws Exception {
        int status = demo();

        String printed = printed();
        assertThat(status).as(printed).isZero();
        assertThat(printed)
            .contains("James 3.8.1 (memory server) started in ")
            .contains("extension: " + JAR.getFileName() + ", loaded by James from target/demo/james/extensions-jars")
            .contains("user alice@example.com (Sieve: fileinto \"Calendar\")")
            .contains("[1/4] src/test/resources/corpus/positive/outlook16_singlepart_request.eml: \"Test 10\"")
            .contains("\"folder\" : \"Calendar\"")
            .contains("characters in all)")
            .contains("[4/4] src/test/resources/corpus/negative/plain_text_qp_no_calendar.eml")
            .contains("Done: 4 mail(s) sent to bob@example.com, alice@example.com. The sink received 6 notification(s).");
        assertThat(occurrences(printed, "the sink received a notification for bob@example.com, folder INBOX:")).isEqualTo(3);
        assertThat(occurrences(printed, "the sink received a notification for alice@example.com, folder Calendar:")).isEqualTo(3);
        assertThat(occurrences(printed, "no notification: the matcher found no calendar in this mail")).isEqualTo(1);
        assertThat(occurrences(printed, "stored for bob@example.com in INBOX")).isEqualTo(4);
        assertThat(occurrences(printed, "stored for alice@example.com in Calendar")).isEqualTo(4);
        DocSamples.sample("demo-output").assertProducedBy(firstMailWithBobsNotification(printed));
    }

    /**
     * The README's excerpt: the first mail's line, then bob's notification, which the sink got
     * while that mail was delivered (alice's, sent at the same time, may be printed before it).
     */
    private static String firstMailWithBobsNotification(String printed) {
        List<String> lines = printed.lines().collect(Collectors.toList());
        int mail = firstIndex(lines, 0, line -> line.startsWith("[1/4] "));
        int bob = firstIndex(lines, mail, line -> line.startsWith("  the sink received a notification for bob@example.com"));
        assertThat(bob).as("bob's notification before the second mail").isLessThan(firstIndex(lines, mail, line -> line.startsWith("[2/4] ")));
        int end = firstIndex(lines, bob, line -> line.equals("    }"));
        return lines.get(mail) + "\n" + String.join("\n", lines.subList(bob, end + 1));
    }

    private static int firstIndex(List<String> lines, int from, Predicate<String> which) {
        for (int i = from; i < lines.size(); i++) {
            if (which.test(lines.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such line after line " + from + " of the demo's output:\n" + String.join("\n", lines));
    }

    @Test
    void sendsTheGivenFilesToTheGivenUrl() throws Exception {
        try (ChronosSink elsewhere = ChronosSink.start("ox-admin", "p@ss word", notification -> { })) {
            int status = demo("--url", elsewhere.url(), "--to", "anton@ox.test",
                ROOT.resolve("src/test/resources/corpus/positive/yahoo_calendar_request.eml").toString());

            String printed = printed();
            assertThat(status).as(printed).isZero();
            assertThat(printed).contains("endpoint: the --url given").contains("user anton@ox.test")
                .contains("stored for anton@ox.test in INBOX").doesNotContain("p@ss").doesNotContain("p%40ss");
            assertThat(elsewhere.received()).singleElement().satisfies(notification -> {
                assertThat(notification.user).isEqualTo("anton@ox.test");
                assertThat(notification.folder).isEqualTo("INBOX");
            });
        }
    }

    private static int occurrences(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
