package io.chronospush.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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

    static Map<String, String> endpoint(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("url", url);
        return parameters;
    }

    /** {@code mails} numbered invites to the three users over {@code connections} concurrent SMTP connections. */
    static void sendLoad(EmbeddedJames james, int mails, int connections) throws Exception {
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
                    try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), SENDER)) {
                        for (int id = first; id < mails; id += connections) {
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

    static void awaitLoadStored(EmbeddedJames james, int mails) throws InterruptedException {
        await(() -> count(james, BOB, INBOX) == mails && count(james, ALICE, CALENDAR) == mails
            && count(james, CAROL, TEAM) == mails / 2 && count(james, CAROL, INBOX) == mails - mails / 2);
    }

    /** How many notifications each (user, mail, folder) got. */
    static Map<String, Long> perUserAndMail(List<ChronosSink.Received> received) {
        return received.stream().collect(Collectors.groupingBy(n -> n.user + " " + loadId(n.body) + " " + n.folder, Collectors.counting()));
    }

    /** One notification for each user of each mail, in the folder its Sieve script chose. */
    static Map<String, Long> oncePerUserAndMail(int mails) {
        return IntStream.range(0, mails).boxed()
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

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within " + WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static long logSize() throws IOException {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    /** James's log from {@code offset} on; it must hold the mailet's start-up line, so an empty log cannot pass. */
    static String logSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(LOG);
        int from = (int) Math.min(offset, all.length);
        String log = new String(all, from, all.length - from, UTF_8);
        assertThat(log).as("James's log of this boot").contains("ChronosPushNotification notifies http://chronos:***@127.0.0.1:");
        return log;
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
