package io.chronospush.embedded;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

/**
 * The one-command demo ({@code ./demo}): an embedded James 3.8.1 with the extension, fed over
 * SMTP, telling what each mail became: the notifications the endpoint received and the folder
 * each recipient's copy was stored in.
 * <pre>
 * ./demo                                   # built-in Chronos sink, the sample invitations
 * ./demo --url URL [--ca-file PEM] [--to ADDRESS]... [message.eml]...   # a real endpoint
 * </pre>
 */
public final class Demo {
    static final List<String> SAMPLES = List.of(
        "src/test/resources/corpus/positive/outlook16_singlepart_request.eml",
        "src/test/resources/corpus/positive/google_calendar_request_with_invite_ics.eml",
        "src/test/resources/corpus/positive/thunderbird_lightning_request_de.eml",
        "src/test/resources/corpus/negative/plain_text_qp_no_calendar.eml");
    static final List<String> DEFAULT_RECIPIENTS = List.of("bob@example.com", "alice@example.com");
    /** This user's Sieve script files every mail into Calendar, as a filtering user would. */
    static final String SIEVE_USER = "alice@example.com";
    static final String SIEVE_FOLDER = "Calendar";
    private static final String SIEVE_SCRIPT = "require \"fileinto\";\r\nfileinto \"" + SIEVE_FOLDER + "\";\r\n";
    private static final String ENVELOPE_SENDER = "organizer@demo.test";
    private static final String SINK_LOGIN = "chronos";
    private static final int SHOWN_BODY_CHARS = 160;
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);
    private static final String USAGE = String.join("\n",
        "Usage: ./demo [--url URL [--ca-file PEM]] [--to ADDRESS]... [message.eml]...",
        "  without --url     a built-in Chronos sink on 127.0.0.1 receives the notifications and shows them",
        "  --url URL         the mailet's 'url', e.g. https://login:password@ox.example.com/chronos/v1/itip/pushmail",
        "  --ca-file PEM     the mailet's 'caFile', for an endpoint certificate from an internal CA",
        "  --to ADDRESS      a recipient, made a James user (default " + String.join(", ", DEFAULT_RECIPIENTS) + ");",
        "                    " + SIEVE_USER + " has a Sieve script that files mail into " + SIEVE_FOLDER,
        "  message.eml       the mails to send (default: the sample invitations and one plain mail)");

    private record Options(Optional<String> url, Optional<Path> caFile, List<String> recipients, List<Path> messages) {
    }

    private final Path root;
    private final Path dropInJar;
    private final PrintStream out;

    Demo(Path root, Path dropInJar, PrintStream out) {
        this.root = root;
        this.dropInJar = dropInJar;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path root = Paths.get(System.getProperty("chronos.root", ".")).toAbsolutePath().normalize();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            System.exit(0);
        }
        // A configuration James refuses must end up here, with its reason, not in a silent exit.
        System.setProperty("james.exit.on.startup.error", "false");
        int status;
        try {
            status = new Demo(root, dropInJar(root), System.out).run(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.err.println(USAGE);
            status = 2;
        } catch (Exception e) {
            System.err.println("demo: James did not run: " + rootCause(e) + " (James's full log: target/demo/james.log)");
            status = 1;
        }
        System.exit(status);
    }

    /** @return 0 when every mail was stored for every recipient */
    int run(List<String> args) throws Exception {
        Options options = parse(args);
        Path workDir = root.resolve("target/demo/james");
        deleteRecursively(workDir);
        try (ChronosSink sink = ChronosSink.start(SINK_LOGIN, UUID.randomUUID().toString(), this::show)) {
            String url = options.url().orElse(sink.url());
            long bootStart = System.nanoTime();
            try (EmbeddedJames james = EmbeddedJames.start(workDir, dropInJar,
                    MailetContainerSample.withEndpoint(root, url, options.caFile()))) {
                say("James 3.8.1 (memory server) started in %d ms, SMTP on 127.0.0.1:%d, working directory %s",
                    Duration.ofNanos(System.nanoTime() - bootStart).toMillis(), james.smtpPort(), root.relativize(workDir));
                say("  extension: %s, loaded by James from %s", dropInJar.getFileName(), root.relativize(james.extensionJar().getParent()));
                say("  mailetcontainer.xml: %s, with the mailet's url set to %s", MailetContainerSample.RELATIVE_PATH,
                    options.url().isPresent() ? "the --url given" : "the built-in sink");
                say("  endpoint: %s", options.url().isPresent()
                    ? "the --url given; the mailet's own log lines below show each answer"
                    : "built-in Chronos sink on 127.0.0.1:" + sink.port() + ", showing each notification it receives");
                provision(james, options.recipients());
                boolean allStored = send(james, sink, options);
                say("");
                say("Done: %d mail(s) sent to %s.%s James's full log: %s", options.messages().size(), String.join(", ", options.recipients()),
                    options.url().isPresent() ? "" : " The sink received " + sink.received().size() + " notification(s).",
                    root.relativize(root.resolve("target/demo/james.log")));
                return allStored ? 0 : 1;
            }
        }
    }

    private void provision(EmbeddedJames james, List<String> recipients) throws Exception {
        List<String> domains = new ArrayList<>();
        for (String recipient : recipients) {
            String domain = recipient.substring(recipient.indexOf('@') + 1);
            if (!domains.contains(domain)) {
                james.addDomain(domain);
                domains.add(domain);
            }
            james.addUser(recipient, UUID.randomUUID().toString());
            if (recipient.equals(SIEVE_USER)) {
                james.activateSieveScript(recipient, "calendar", SIEVE_SCRIPT);
            }
            say("  user %s%s", recipient, recipient.equals(SIEVE_USER) ? " (Sieve: fileinto \"" + SIEVE_FOLDER + "\")" : "");
        }
    }

    private boolean send(EmbeddedJames james, ChronosSink sink, Options options) throws Exception {
        boolean allStored = true;
        try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), ENVELOPE_SENDER)) {
            int number = 0;
            for (Path file : options.messages()) {
                number++;
                byte[] message = Files.readAllBytes(file);
                say("");
                say("[%d/%d] %s: \"%s\", %d bytes, over SMTP to %s", number, options.messages().size(), displayed(file),
                    subject(message), message.length, String.join(", ", options.recipients()));
                Map<String, Map<String, Long>> before = counts(james, options.recipients());
                int notificationsBefore = sink.received().size();
                smtp.send(message, options.recipients());
                Optional<Map<String, String>> stored = awaitStored(james, options.recipients(), before);
                if (options.url().isEmpty() && sink.received().size() == notificationsBefore) {
                    say("  no notification: the matcher found no calendar in this mail");
                }
                if (stored.isEmpty()) {
                    say("  NOT stored for every recipient within %d s: see target/demo/james.log", DELIVERY_WAIT.toSeconds());
                    allStored = false;
                } else {
                    stored.get().forEach((user, folder) -> say("  stored for %s in %s", user, folder));
                }
            }
        }
        return allStored;
    }

    private void show(ChronosSink.Received notification) {
        synchronized (out) {
            out.println("  the sink received a notification for " + notification.user + ", folder " + notification.folder + ":");
            out.println(notification.toPrettyJson(SHOWN_BODY_CHARS).indent(4).stripTrailing());
        }
    }

    private static Map<String, Map<String, Long>> counts(EmbeddedJames james, List<String> users) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        users.forEach(user -> counts.put(user, james.messageCounts(user)));
        return counts;
    }

    /** Each user's folder that got one more message, once every user has one. */
    private static Optional<Map<String, String>> awaitStored(EmbeddedJames james, List<String> users,
                                                             Map<String, Map<String, Long>> before) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        do {
            Map<String, String> folders = new LinkedHashMap<>();
            for (String user : users) {
                james.messageCounts(user).forEach((folder, count) -> {
                    if (count > before.get(user).getOrDefault(folder, 0L)) {
                        folders.merge(user, folder, (a, b) -> a + ", " + b);
                    }
                });
            }
            if (folders.size() == users.size()) {
                return Optional.of(folders);
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private Options parse(List<String> args) {
        Optional<String> url = Optional.empty();
        Optional<Path> caFile = Optional.empty();
        List<String> recipients = new ArrayList<>();
        List<Path> messages = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--url" -> url = Optional.of(value(args, ++i, arg));
                case "--ca-file" -> caFile = Optional.of(Paths.get(value(args, ++i, arg)));
                case "--to" -> recipients.add(address(value(args, ++i, arg)));
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    Path file = Paths.get(arg);
                    if (!Files.isReadable(file)) {
                        throw new IllegalArgumentException("cannot read " + arg);
                    }
                    messages.add(file);
                }
            }
        }
        if (caFile.isPresent() && url.isEmpty()) {
            throw new IllegalArgumentException("--ca-file goes with --url");
        }
        return new Options(url, caFile, recipients.isEmpty() ? DEFAULT_RECIPIENTS : recipients,
            messages.isEmpty() ? SAMPLES.stream().map(root::resolve).toList() : messages);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static String address(String value) {
        int at = value.indexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            throw new IllegalArgumentException("--to: '" + value + "' is not an address such as bob@example.com");
        }
        return value;
    }

    private static String subject(byte[] message) {
        try {
            return Optional.ofNullable(new MimeMessage(Session.getInstance(new java.util.Properties()),
                new ByteArrayInputStream(message)).getSubject()).orElse("(no subject)");
        } catch (Exception e) {
            return "(unreadable subject)";
        }
    }

    private String displayed(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : file.toString();
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.println(String.format(format, args));
        }
    }

    private static Path dropInJar(Path root) throws IOException {
        String configured = System.getProperty("chronos.jar");
        if (configured != null) {
            return Paths.get(configured);
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(root.resolve("target"), "james-chronos-push-*-james38.jar")) {
            List<Path> found = new ArrayList<>();
            jars.forEach(found::add);
            if (found.size() != 1) {
                throw new IllegalArgumentException("expected one target/james-chronos-push-*-james38.jar, found " + found
                    + "; ./demo builds it");
            }
            return found.get(0);
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
