package io.chronospush.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The -james38 drop-in jar in a real James 3.8.1, loaded from {@code extensions-jars/} and run
 * by {@code conf-samples/james38/mailetcontainer.xml} with only its URL set: mail goes in over
 * SMTP, and the tests look at what the endpoint received and what James stored.
 */
class ChronosPushInJamesIT {
    private static final Path ROOT = Paths.get(System.getProperty("chronos.root", "../.."));
    private static final Path JAR = Paths.get(System.getProperty("chronos.jar"));
    private static final Path LOG = Paths.get(System.getProperty("chronos.log"));
    private static final String MAILET = "io.chronospush.ChronosPushNotification";
    private static final String CORPUS = "src/test/resources/corpus/";
    private static final String INVITE = CORPUS + "positive/outlook16_singlepart_request.eml";
    private static final String PLAIN = CORPUS + "negative/plain_text_qp_no_calendar.eml";
    private static final List<String> LOAD_INVITES = List.of(INVITE,
        CORPUS + "positive/google_calendar_request_with_invite_ics.eml",
        CORPUS + "positive/thunderbird_lightning_request_de.eml",
        CORPUS + "positive/exchange2010_request_de.eml",
        CORPUS + "positive/horde_kronolith_request.eml");

    private static final String PASSWORD = "Pw-9f3k&Qz7-never-logged";
    private static final String DOMAIN = "example.com";
    private static final String BOB = "bob@example.com";
    private static final String ALICE = "alice@example.com";
    private static final String CAROL = "carol@example.com";
    private static final String INBOX = "INBOX";
    private static final String CALENDAR = "Calendar";
    private static final String TEAM = "Team";
    private static final String ALICE_SIEVE = "require \"fileinto\";\r\nfileinto \"Calendar\";\r\n";
    private static final String CAROL_SIEVE = "require \"fileinto\";\r\nif header :is \"X-Load-Group\" \"team\" { fileinto \"Team\"; }\r\n";
    /** The sample's timeout is 2s: the one inline attempt; retries wait on James's queue. */
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(120);

    static {
        // Logback truncates the log when it starts: let it start before any test measures the log.
        org.slf4j.LoggerFactory.getILoggerFactory();
    }

    @TempDir
    Path workDir;

    private ChronosSink sink;
    private EmbeddedJames james;
    private long logStart;

    @AfterEach
    void tearDown() {
        if (james != null) {
            james.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void notifiesEachUserOnceWithTheFolderSieveChoseAndDeliversTheMail() throws Exception {
        sink = ChronosSink.start("chronos", PASSWORD, notification -> { });
        boot(sink.url());
        byte[] invite = corpus(INVITE);

        try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), "organizer@external.test")) {
            smtp.send(invite, List.of(BOB, ALICE));
            await(() -> count(BOB, INBOX) == 1 && count(ALICE, CALENDAR) == 1);
            smtp.send(corpus(PLAIN), List.of(BOB, ALICE));
            await(() -> count(BOB, INBOX) == 2 && count(ALICE, CALENDAR) == 2);
        }

        assertThat(sink.received()).extracting(n -> n.user + " " + n.event + " " + n.folder)
            .containsExactlyInAnyOrder(BOB + " MessageNew INBOX", ALICE + " MessageNew Calendar");
        // SMTP carries lines with CRLF, whatever the file has; James adds its Received and Message-ID.
        String sent = new String(invite, UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        assertThat(sink.received()).allSatisfy(notification -> assertThat(notification.body)
            .contains("\r\nSubject: Test 10\r\n")
            .contains("\r\nReceived: from localhost")
            .endsWith(sent.substring(sent.indexOf("\r\n\r\n"))));
        assertThat(withoutDeliveryHeaders(james.messages(BOB, INBOX).get(0), BOB)).isEqualTo(bodyFor(BOB));
        assertThat(withoutDeliveryHeaders(james.messages(ALICE, CALENDAR).get(0), ALICE)).isEqualTo(bodyFor(ALICE));
        assertThat(james.messageCounts(ALICE)).containsExactly(Map.entry(CALENDAR, 2L));
        assertThat(james.messageCounts(BOB)).containsExactly(Map.entry(INBOX, 2L));

        String log = logSinceBoot();
        assertThat(log).contains("ChronosPushNotification notifies http://chronos:***@127.0.0.1:" + sink.port() + ChronosSink.PATH)
            .contains("Chronos push for user " + BOB + ", folder INBOX accepted by")
            .contains("Chronos push for user " + ALICE + ", folder Calendar accepted by");
        assertNoSecretOrFailureIn(log);
    }

    @Test
    void theMailetIsTheDropInJarLoadedByJamesWithItsUsersRepository() throws Exception {
        sink = ChronosSink.start("chronos", PASSWORD, notification -> { });
        boot(sink.url());

        MailStoreProbe.LoadedClass mailet = james.load(MAILET);

        assertThatThrownBy(() -> Class.forName(MAILET)).as("not on the test class path").isInstanceOf(ClassNotFoundException.class);
        assertThat(mailet.loadedFrom).containsExactly(james.extensionJar().toUri().toURL());
        Field accounts = mailet.instance.getClass().getDeclaredField("accounts");
        accounts.setAccessible(true);
        assertThat(accounts.get(mailet.instance).getClass().getName()).isEqualTo("io.chronospush.address.AccountResolver$UsersRepositoryAccounts");
        assertThat(logSinceBoot()).contains("Loading custom classpath resource " + james.extensionJar().toAbsolutePath());
    }

    @Test
    void deliversAtOnceWhenTheEndpointRefusesConnections() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        boot("http://chronos:" + PASSWORD + "@127.0.0.1:" + closedPort + ChronosSink.PATH);

        Duration took = sendAndAwaitDelivery(corpus(INVITE));

        assertThat(took).as("delivery time, bound " + DELIVERY_BOUND).isLessThan(DELIVERY_BOUND.plusSeconds(3));
        String log = logSinceBoot();
        assertThat(log)
            .containsPattern("WARN .*Chronos push for user " + BOB + ", folder INBOX to http://chronos:\\*\\*\\*@127\\.0\\.0\\.1:" + closedPort
                + ChronosSink.PATH + ": attempt 1 failed \\(cannot connect.*\\); retry 1 of 20 in 10 s")
            .containsPattern("WARN .*Chronos push for user " + ALICE + ", folder Calendar to http://chronos:\\*\\*\\*@127\\.0\\.0\\.1:" + closedPort
                + ChronosSink.PATH + ": attempt 1 failed \\(cannot connect");
        assertNoSecretOrFailureIn(log);
    }

    @Test
    void deliversWithinTheBoundWhenTheEndpointNeverAnswers() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(blackHole.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            boot("http://chronos:" + PASSWORD + "@127.0.0.1:" + blackHole.getLocalPort() + ChronosSink.PATH);

            Duration took = sendAndAwaitDelivery(corpus(INVITE));

            assertThat(took).as("delivery time, bound " + DELIVERY_BOUND).isBetween(DELIVERY_BOUND, DELIVERY_BOUND.plusSeconds(3));
            String log = logSinceBoot();
            assertThat(log).containsPattern("WARN .*Chronos push for user " + BOB + ", folder INBOX .*attempt 1 failed \\(no answer within");
            assertNoSecretOrFailureIn(log);
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void notifiesEveryUserOfEveryMailExactlyOnceUnderLoad() throws Exception {
        sink = ChronosSink.start("chronos", PASSWORD, notification -> { });
        boot(sink.url());
        james.addUser(CAROL, "carol-password");
        james.activateSieveScript(CAROL, "team", CAROL_SIEVE);
        int mails = 200;
        int connections = 4;
        List<byte[]> invites = new ArrayList<>();
        for (String invite : LOAD_INVITES) {
            invites.add(corpus(invite));
        }

        ExecutorService senders = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int connection = 0; connection < connections; connection++) {
                int first = connection;
                sent.add(senders.submit(() -> {
                    try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), "organizer@external.test")) {
                        for (int id = first; id < mails; id += connections) {
                            smtp.send(loadMail(id, invites.get(id % invites.size())), List.of(BOB, ALICE, CAROL));
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
        await(() -> count(BOB, INBOX) == mails && count(ALICE, CALENDAR) == mails
            && count(CAROL, TEAM) == mails / 2 && count(CAROL, INBOX) == mails / 2);

        Map<String, Long> perUserAndMail = sink.received().stream()
            .collect(Collectors.groupingBy(n -> n.user + " " + loadId(n.body) + " " + n.folder, Collectors.counting()));
        Map<String, Long> expected = IntStream.range(0, mails).boxed()
            .flatMap(id -> Stream.of(BOB + " " + id + " " + INBOX, ALICE + " " + id + " " + CALENDAR,
                CAROL + " " + id + " " + (id % 2 == 0 ? TEAM : INBOX)))
            .collect(Collectors.toMap(key -> key, key -> 1L));
        assertThat(perUserAndMail).isEqualTo(expected);
        assertThat(james.messageCounts(BOB)).containsExactly(Map.entry(INBOX, (long) mails));
        assertThat(james.messageCounts(ALICE)).containsExactly(Map.entry(CALENDAR, (long) mails));
        assertThat(james.messageCounts(CAROL)).containsOnly(Map.entry(TEAM, mails / 2L), Map.entry(INBOX, mails / 2L));
        assertNoSecretOrFailureIn(logSinceBoot());
    }

    private void boot(String url) throws Exception {
        logStart = Files.exists(LOG) ? Files.size(LOG) : 0;
        james = EmbeddedJames.start(workDir, JAR, MailetContainerSample.withEndpoint(ROOT, url, Optional.empty()));
        james.addDomain(DOMAIN);
        james.addUser(BOB, "bob-password");
        james.addUser(ALICE, "alice-password");
        james.activateSieveScript(ALICE, "calendar", ALICE_SIEVE);
    }

    private Duration sendAndAwaitDelivery(byte[] message) throws Exception {
        long start = System.nanoTime();
        try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), "organizer@external.test")) {
            smtp.send(message, List.of(BOB, ALICE));
        }
        await(() -> count(BOB, INBOX) == 1 && count(ALICE, CALENDAR) == 1);
        return Duration.ofNanos(System.nanoTime() - start);
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

    private long count(String user, String mailbox) {
        return james.messageCounts(user).getOrDefault(mailbox, 0L);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within " + WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private String bodyFor(String user) {
        return sink.received().stream().filter(n -> n.user.equals(user)).findFirst().orElseThrow().body;
    }

    /** What LocalDelivery stored, less the Return-Path and Delivered-To it adds: the notified message. */
    private static String withoutDeliveryHeaders(byte[] stored, String user) {
        String message = new String(stored, UTF_8);
        assertThat(message).startsWith("Return-Path: ").contains("\r\nDelivered-To: " + user + "\r\n");
        return message.substring(message.indexOf("\r\n") + 2).replaceFirst("\r\nDelivered-To: " + Pattern.quote(user) + "\r\n", "\r\n");
    }

    private String logSinceBoot() throws IOException {
        byte[] all = Files.readAllBytes(LOG);
        int from = (int) Math.min(logStart, all.length);
        String log = new String(all, from, all.length - from, UTF_8);
        assertThat(log).as("James's log of this boot").contains("ChronosPushNotification notifies http://chronos:***@127.0.0.1:");
        return log;
    }

    private static void assertNoSecretOrFailureIn(String log) {
        assertThat(log).doesNotContain(PASSWORD)
            .doesNotContain(PASSWORD.replace("&", "%26"))
            .doesNotContain(Base64.getEncoder().encodeToString(("chronos:" + PASSWORD).getBytes(UTF_8)))
            .doesNotContain("Unable to init").doesNotContain("no notification for mail").doesNotContain("cannot walk")
            .doesNotContainPattern("(?s)Exception.{0,2000}at io\\.chronospush");
    }

    private static byte[] corpus(String path) throws IOException {
        return Files.readAllBytes(ROOT.resolve(path));
    }
}
