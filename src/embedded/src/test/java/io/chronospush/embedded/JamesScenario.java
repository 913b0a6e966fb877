package io.chronospush.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;

import com.google.inject.Module;

/**
 * What the end-to-end tests share: the users and their Sieve scripts, the mails they send, and
 * the reading of James's log. Three users: bob has no filter, alice files everything into
 * Calendar, carol files mails of the "team" group into Team.
 */
final class JamesScenario {
    static final Path ROOT = Paths.get(System.getProperty("chronos.root", "../..")).toAbsolutePath().normalize();
    static final Path JAR = Paths.get(System.getProperty("chronos.jar"));
    static final Path LOG = Paths.get(System.getProperty("chronos.log"));
    static final String CORPUS = "src/test/resources/corpus/";
    static final String INVITE = CORPUS + "positive/outlook16_singlepart_request.eml";
    static final String PLAIN = CORPUS + "negative/plain_text_qp_no_calendar.eml";
    static final List<String> LOAD_INVITES = List.of(INVITE,
        CORPUS + "positive/google_calendar_request_with_invite_ics.eml",
        CORPUS + "positive/thunderbird_lightning_request_de.eml",
        CORPUS + "positive/exchange2010_request_de.eml",
        CORPUS + "positive/horde_kronolith_request.eml");

    static final String LOGIN = "chronos";
    static final String PASSWORD = "Pw-9f3k&Qz7-never-logged";
    static final String DOMAIN = "example.com";
    static final String BOB = "bob@example.com";
    static final String ALICE = "alice@example.com";
    static final String CAROL = "carol@example.com";
    static final List<String> USERS = List.of(BOB, ALICE, CAROL);
    static final String INBOX = "INBOX";
    static final String CALENDAR = "Calendar";
    static final String TEAM = "Team";
    static final String SENDER = "organizer@external.test";
    static final String DEAD_LETTERS = "memory://var/mail/chronos-push-failed/";
    private static final String ALICE_SIEVE = "require \"fileinto\";\r\nfileinto \"Calendar\";\r\n";
    private static final String CAROL_SIEVE = "require \"fileinto\";\r\nif header :is \"X-Load-Group\" \"team\" { fileinto \"Team\"; }\r\n";
    static final Duration WAIT = Duration.ofSeconds(120);
    /**
     * The sample's {@code timeout}: how long a notification that falls due takes at most to be
     * sent and answered. A "never" or an "exactly once" holds for a retry delay plus this.
     */
    static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(2);
    /** What a condition that must hold for a while gets on top, for the polling itself. */
    private static final Duration HOLD_MARGIN = Duration.ofSeconds(5);

    static {
        // Logback truncates the log when it starts: let it start before any test measures the log.
        org.slf4j.LoggerFactory.getILoggerFactory();
    }

    private JamesScenario() {
    }

    static String url(int port) {
        return ChronosSink.url(port, LOGIN, PASSWORD);
    }

    /** A port on 127.0.0.1 that nothing listens on, until someone binds it. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static ChronosSink sink() throws IOException {
        return ChronosSink.start(LOGIN, PASSWORD, notification -> { });
    }

    /** Boots James on the sample with {@code parameters} of the mailet set, and adds the three users. */
    static EmbeddedJames boot(Path workDir, Map<String, String> parameters, Module... overrides) throws Exception {
        return provision(EmbeddedJames.start(workDir, JAR, MailetContainerSample.withParameters(ROOT, parameters), overrides));
    }

    /** The same, with mails dropped once notified about ({@link MailetContainerSample#droppingAfterNotifying}): load without mailboxes. */
    static EmbeddedJames bootDroppingMails(Path workDir, Map<String, String> parameters, Module... overrides) throws Exception {
        return provision(EmbeddedJames.start(workDir, JAR, MailetContainerSample.droppingAfterNotifying(ROOT, parameters), overrides));
    }

    /** Adds the domain and the three users with their Sieve scripts. */
    static EmbeddedJames provision(EmbeddedJames james) throws Exception {
        james.addDomain(DOMAIN);
        for (String user : USERS) {
            james.addUser(user, user + "-password");
        }
        james.activateSieveScript(ALICE, "calendar", ALICE_SIEVE);
        james.activateSieveScript(CAROL, "team", CAROL_SIEVE);
        return james;
    }

    /** Webadmin on at the next boot, with the samples' webadmin.properties and healthcheck.properties. */
    static void enableWebAdmin(Path workDir) throws IOException {
        EmbeddedJames.enableWebAdmin(workDir, ROOT, Map.of());
    }

    static Map<String, String> endpoint(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("url", url);
        return parameters;
    }

    /** {@code mails} numbered invites to the three users over {@code connections} concurrent SMTP connections. */
    static void sendLoad(EmbeddedJames james, int mails, int connections) throws Exception {
        sendLoad(james, 0, mails, connections);
    }

    /** The same, numbered from {@code first} on: more mails to a James that has had some. */
    static void sendLoad(EmbeddedJames james, int first, int mails, int connections) throws Exception {
        sendLoad(james.smtpPort(), first, mails, connections);
    }

    /** The same to a James listening for SMTP on {@code smtpPort} of 127.0.0.1, such as a node in another JVM. */
    static void sendLoad(int smtpPort, int first, int mails, int connections) throws Exception {
        List<byte[]> invites = new ArrayList<>();
        for (String invite : LOAD_INVITES) {
            invites.add(corpus(invite));
        }
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int connection = 0; connection < connections; connection++) {
                int own = first + connection;
                sent.add(senders.submit(() -> {
                    try (SmtpSubmission smtp = new SmtpSubmission(smtpPort, SENDER)) {
                        for (int id = own; id < first + mails; id += connections) {
                            smtp.send(loadMail(id, invites.get(id % invites.size())), USERS);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> connection : sent) {
                connection.get();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /** Waits for James to store mails 0 to {@code mails - 1}: carol's even ones ("team") in Team. */
    static void awaitLoadStored(EmbeddedJames james, int mails) {
        eventually().alias(mails + " mails stored").until(() -> count(james, BOB, INBOX) == mails && count(james, ALICE, CALENDAR) == mails
            && count(james, CAROL, TEAM) == mails - mails / 2 && count(james, CAROL, INBOX) == mails / 2);
    }

    /** How many notifications each (user, mail, folder) got. */
    static Map<String, Long> perUserAndMail(List<ChronosSink.Received> received) {
        return received.stream().collect(Collectors.groupingBy(n -> n.user + " " + loadId(n.body) + " " + n.folder, Collectors.counting()));
    }

    /** One notification for each user of each mail, in the folder its Sieve script chose. */
    static Map<String, Long> oncePerUserAndMail(int mails) {
        return oncePerUserAndMail(0, mails);
    }

    /** The same for the mails numbered {@code first} to {@code first + mails - 1}. */
    static Map<String, Long> oncePerUserAndMail(int first, int mails) {
        return IntStream.range(first, first + mails).boxed()
            .flatMap(id -> Stream.of(BOB + " " + id + " " + INBOX, ALICE + " " + id + " " + CALENDAR,
                CAROL + " " + id + " " + (id % 2 == 0 ? TEAM : INBOX)))
            .collect(Collectors.toMap(key -> key, key -> 1L));
    }

    /** An invite with two headers on top: its number, and the group carol's Sieve script files by. */
    private static byte[] loadMail(int id, byte[] invite) {
        String headers = "X-Load-Id: " + id + "\r\nX-Load-Group: " + (id % 2 == 0 ? "team" : "other") + "\r\n";
        byte[] mail = new byte[headers.length() + invite.length];
        System.arraycopy(headers.getBytes(UTF_8), 0, mail, 0, headers.length());
        System.arraycopy(invite, 0, mail, headers.length(), invite.length);
        return mail;
    }

    private static String loadId(String body) {
        Matcher id = Pattern.compile("\r\nX-Load-Id: (\\d+)\r\n").matcher(body);
        return id.find() ? id.group(1) : "none";
    }

    static long count(EmbeddedJames james, String user, String mailbox) {
        return james.messageCounts(user).getOrDefault(mailbox, 0L);
    }

    /** Waits, up to {@link #WAIT}, for what James does on its own threads; polled often, so that a measured time stays close. */
    static ConditionFactory eventually() {
        return Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }

    /**
     * Holds {@code assertion} true all through {@code period}: a "never" or an "exactly so many"
     * that a late arrival would break. What it checks only ever grows (requests, notifications,
     * dead letters), so once broken it stays broken, and the wait fails with the assertion's
     * message when {@code period} and a margin for the polling have passed.
     */
    static void holdsFor(Duration period, String what, ThrowingRunnable assertion) {
        Awaitility.await(what).during(period).atMost(period.plus(HOLD_MARGIN)).pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(100)).untilAsserted(assertion);
    }

    /**
     * Waits for the notifications of {@code expected} to arrive, then holds the sink to exactly
     * those for {@code quiet}: as long as a duplicate would take to come, the retry of one that
     * was taken for failed. The sink only gains notifications: a duplicate is never undone.
     */
    static void awaitExactly(ChronosSink sink, Map<String, Long> expected, Duration quiet) {
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        eventually().alias(total + " notifications received").until(() -> sink.received().size() >= total);
        holdsFor(quiet, "each notification received exactly once for " + quiet.toSeconds() + " s",
            () -> assertThat(perUserAndMail(sink.received())).isEqualTo(expected));
    }

    /** How long a "never" or an "exactly once" must hold when retries wait {@code retryDelay}: that delay, then one attempt. */
    static Duration afterRetry(Duration retryDelay) {
        return retryDelay.plus(SAMPLE_TIMEOUT);
    }

    /**
     * Waits for James's log of this boot (from {@code logStart}) to show {@code line} ("retry 1
     * of 3 in 10 s") exactly {@code notifications} times: each notification has had the attempt
     * before that retry, inline or as the circuit's probe, and now waits on the queue.
     */
    static void awaitRetriesLogged(long logStart, String line, int notifications) {
        eventually().alias(notifications + " times '" + line + "' in James's log").untilAsserted(
            () -> assertThat(logSince(logStart).split(Pattern.quote(line), -1)).hasSize(notifications + 1));
    }

    static long logSize() throws IOException {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    /** James's log from {@code offset} on; it must hold the mailet's start-up line, so an empty log cannot pass. */
    static String logSince(long offset) throws IOException {
        String log = logFrom(offset);
        assertThat(log).as("James's log of this boot").contains("ChronosPushNotification notifies http://chronos:***@127.0.0.1:");
        return log;
    }

    /** James's log from {@code offset} on, as it is; only that part is read (the log of a whole run grows to many MB). */
    static String logFrom(long offset) throws IOException {
        try (InputStream log = Files.newInputStream(LOG)) {
            log.skipNBytes(Math.min(offset, Files.size(LOG)));
            return new String(log.readAllBytes(), UTF_8);
        }
    }

    static void assertNoSecretOrFailureIn(String log) {
        assertThat(log).doesNotContain(PASSWORD)
            .doesNotContain(PASSWORD.replace("&", "%26"))
            .doesNotContain(Base64.getEncoder().encodeToString((LOGIN + ":" + PASSWORD).getBytes(UTF_8)))
            .doesNotContain("Unable to init").doesNotContain("no notification for mail").doesNotContain("cannot walk")
            .doesNotContainPattern("(?s)Exception.{0,2000}at io\\.chronospush");
    }

    static byte[] corpus(String path) throws IOException {
        return Files.readAllBytes(ROOT.resolve(path));
    }
}
