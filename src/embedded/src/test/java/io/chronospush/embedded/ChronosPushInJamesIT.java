package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.ALICE;
import static io.chronospush.embedded.JamesScenario.BOB;
import static io.chronospush.embedded.JamesScenario.CALENDAR;
import static io.chronospush.embedded.JamesScenario.INBOX;
import static io.chronospush.embedded.JamesScenario.INVITE;
import static io.chronospush.embedded.JamesScenario.PLAIN;
import static io.chronospush.embedded.JamesScenario.SENDER;
import static io.chronospush.embedded.JamesScenario.assertNoSecretOrFailureIn;
import static io.chronospush.embedded.JamesScenario.corpus;
import static io.chronospush.embedded.JamesScenario.count;
import static io.chronospush.embedded.JamesScenario.endpoint;
import static io.chronospush.embedded.JamesScenario.eventually;
import static io.chronospush.embedded.JamesScenario.url;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The -james38 drop-in jar in a real James 3.8.1, loaded from {@code extensions-jars/} and run
 * by {@code conf-samples/james38/mailetcontainer.xml} with only its URL set: mail goes in over
 * SMTP, and the tests look at what the endpoint received and what James stored.
 */
class ChronosPushInJamesIT extends InJames {
    private static final String MAILET = "io.chronospush.ChronosPushNotification";
    /** The sample's timeout is 2s: the one inline attempt; retries wait on James's queue. */
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(2);

    private long logStart;

    private void boot(String url) throws Exception {
        logStart = JamesScenario.logSize();
        james = JamesScenario.boot(workDir, endpoint(url));
    }

    @Test
    void notifiesEachUserOnceWithTheFolderSieveChoseAndDeliversTheMail() throws Exception {
        sink = JamesScenario.sink();
        boot(sink.url());
        byte[] invite = corpus(INVITE);

        try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), SENDER)) {
            smtp.send(invite, List.of(BOB, ALICE));
            eventually().until(() -> count(james, BOB, INBOX) == 1 && count(james, ALICE, CALENDAR) == 1);
            smtp.send(corpus(PLAIN), List.of(BOB, ALICE));
            eventually().until(() -> count(james, BOB, INBOX) == 2 && count(james, ALICE, CALENDAR) == 2);
        }

        assertThat(sink.received()).extracting(n -> n.user + " " + n.event + " " + n.folder)
            .containsExactlyInAnyOrder(BOB + " MessageNew INBOX", ALICE + " MessageNew Calendar");
        // SMTP carries lines with CRLF, whatever the file has; James adds its Received header.
        String sent = new String(invite, UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        assertThat(sink.received()).allSatisfy(notification -> assertThat(notification.body)
            .startsWith("Received: from localhost")
            .contains("\r\nSubject: Test 10\r\n")
            .endsWith(sent.substring(sent.indexOf("\r\n\r\n"))));
        assertThat(withoutDeliveryHeaders(james.messages(BOB, INBOX).get(0), BOB)).isEqualTo(bodyFor(BOB));
        assertThat(withoutDeliveryHeaders(james.messages(ALICE, CALENDAR).get(0), ALICE)).isEqualTo(bodyFor(ALICE));
        assertThat(james.messageCounts(ALICE)).containsExactly(Map.entry(CALENDAR, 2L));
        assertThat(james.messageCounts(BOB)).containsExactly(Map.entry(INBOX, 2L));

        String log = JamesScenario.logSince(logStart);
        assertThat(log).contains("ChronosPushNotification notifies http://chronos:***@127.0.0.1:" + sink.port() + ChronosSink.PATH)
            .contains("Chronos push for user " + BOB + ", folder INBOX accepted by")
            .contains("Chronos push for user " + ALICE + ", folder Calendar accepted by");
        assertNoSecretOrFailureIn(log);
    }

    @Test
    void theMailetIsTheDropInJarLoadedByJamesWithItsUsersRepository() throws Exception {
        sink = JamesScenario.sink();
        boot(sink.url());

        MailStoreProbe.LoadedClass mailet = james.load(MAILET);

        assertThatThrownBy(() -> Class.forName(MAILET)).as("not on the test class path").isInstanceOf(ClassNotFoundException.class);
        assertThat(mailet.loadedFrom).containsExactly(james.extensionJar().toUri().toURL());
        Field accounts = mailet.instance.getClass().getDeclaredField("accounts");
        accounts.setAccessible(true);
        assertThat(accounts.get(mailet.instance).getClass().getName()).isEqualTo("io.chronospush.address.AccountResolver$UsersRepositoryAccounts");
        assertThat(JamesScenario.logSince(logStart)).contains("Loading custom classpath resource " + james.extensionJar().toAbsolutePath())
            .contains("retries on queue 'chronos-push'");
    }

    @Test
    void deliversAtOnceWhenTheEndpointRefusesConnections() throws Exception {
        int closedPort = JamesScenario.freePort();
        boot(url(closedPort));

        Duration took = sendAndAwaitDelivery(corpus(INVITE));

        assertThat(took).as("delivery time, bound " + DELIVERY_BOUND).isLessThan(DELIVERY_BOUND.plusSeconds(3));
        String log = JamesScenario.logSince(logStart);
        assertThat(log)
            // The endpoint comes from the logging context (MDC), which this layout shows in brackets.
            .containsPattern("WARN .*Chronos push for user " + BOB + ", folder INBOX: attempt 1 failed \\(cannot connect.*\\); retry 1 of 20"
                + " in 10 s \\(queued as .*\\) \\[http://chronos:\\*\\*\\*@127\\.0\\.0\\.1:" + closedPort + ChronosSink.PATH + "\\]")
            .containsPattern("WARN .*Chronos push for user " + ALICE + ", folder Calendar: attempt 1 failed \\(cannot connect");
        assertNoSecretOrFailureIn(log);
    }

    @Test
    void deliversWithinTheBoundWhenTheEndpointNeverAnswers() throws Exception {
        try (BlackHole blackHole = new BlackHole()) {
            boot(url(blackHole.port()));

            Duration took = sendAndAwaitDelivery(corpus(INVITE));

            assertThat(took).as("delivery time, bound " + DELIVERY_BOUND).isBetween(DELIVERY_BOUND, DELIVERY_BOUND.plusSeconds(3));
            String log = JamesScenario.logSince(logStart);
            assertThat(log).containsPattern("WARN .*Chronos push for user " + BOB + ", folder INBOX: attempt 1 failed \\(no answer within");
            assertNoSecretOrFailureIn(log);
        }
    }

    @Test
    void notifiesEveryUserOfEveryMailExactlyOnceUnderLoad() throws Exception {
        sink = JamesScenario.sink();
        boot(sink.url());
        int mails = 200;

        JamesScenario.sendLoad(james, mails, 4);
        JamesScenario.awaitLoadStored(james, mails);

        assertThat(JamesScenario.perUserAndMail(sink.received())).isEqualTo(JamesScenario.oncePerUserAndMail(mails));
        assertThat(james.messageCounts(BOB)).containsExactly(Map.entry(INBOX, (long) mails));
        assertThat(james.messageCounts(ALICE)).containsExactly(Map.entry(CALENDAR, (long) mails));
        assertThat(james.messageCounts(JamesScenario.CAROL))
            .containsOnly(Map.entry(JamesScenario.TEAM, mails / 2L), Map.entry(INBOX, mails / 2L));
        assertNoSecretOrFailureIn(JamesScenario.logSince(logStart));
    }

    private Duration sendAndAwaitDelivery(byte[] message) throws Exception {
        long start = System.nanoTime();
        try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), SENDER)) {
            smtp.send(message, List.of(BOB, ALICE));
        }
        eventually().until(() -> count(james, BOB, INBOX) == 1 && count(james, ALICE, CALENDAR) == 1);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private String bodyFor(String user) {
        return sink.received().stream().filter(n -> n.user.equals(user)).findFirst().orElseThrow().body;
    }

    /**
     * What LocalDelivery stored, less the Return-Path and Delivered-To it adds: the notified
     * message, byte for byte. (The mailet reads the message without {@code saveChanges()}, so
     * James adds no Message-ID to a mail that has none, this invitation included.)
     */
    private static String withoutDeliveryHeaders(byte[] stored, String user) {
        String message = new String(stored, UTF_8);
        assertThat(message).startsWith("Return-Path: ").contains("Delivered-To: " + user + "\r\n");
        return message.substring(message.indexOf("\r\n") + 2).replaceFirst("(?m)^Delivered-To: " + Pattern.quote(user) + "\r\n", "");
    }
}
