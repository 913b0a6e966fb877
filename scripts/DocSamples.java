import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.chronospush.embedded.EmbeddedJames;
import io.chronospush.embedded.MailetContainerSample;
import io.chronospush.embedded.SmtpSubmission;

/**
 * Produces the sample outputs of the documentation (the blocks after {@code <!-- sample: NAME -->}),
 * each after a line {@code === sample: NAME}, into target/doc-samples/samples.txt. Run by scripts/doc-samples. It runs the check
 * tool against a stand-in for OX (plain and HTTPS), and an embedded James 3.8.1 with webadmin and
 * the Prometheus route, fed over SMTP, whose stand-in answers 503, then 200, then 401.
 * Ports, mail names, task ids and timings differ from run to run.
 */
public final class DocSamples {
    private static final String LOGIN = "chronos";
    private static final String PASSWORD = "s3cret";
    private static final String PATH = "/chronos/v1/itip/pushmail";
    private static final String INVITE = "src/test/resources/corpus/positive/outlook16_singlepart_request.eml";
    private static final List<String> USERS = List.of("bob@example.com", "alice@example.com");
    private static final String REPOSITORY = "var%2Fmail%2Fchronos-push-failed";

    /** HTTP/1.1: webadmin's Jetty answers an h2c upgrade request with an empty body. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger status = new AtomicInteger(200);
    private static Path root;
    private static Path work;
    private static Path log;
    private static int webadmin;

    public static void main(String[] args) throws Exception {
        root = Paths.get(".").toAbsolutePath().normalize();
        work = Files.createDirectories(root.resolve("target/doc-samples"));
        log = Paths.get(System.getProperty("chronos.log"));
        Path jar = Paths.get(args[0]);
        Path invite = Files.copy(root.resolve(INVITE), work.resolve("invite.eml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        HttpServer ox = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ox.createContext(PATH, DocSamples::answer);
        ox.start();
        HttpsServer oxTls = httpsServer();
        oxTls.createContext(PATH, DocSamples::answer);
        oxTls.start();
        try {
            checkTool(jar, ox.getAddress().getPort(), oxTls.getAddress().getPort(), invite);
            inJames(jar, ox.getAddress().getPort());
        } finally {
            ox.stop(0);
            oxTls.stop(0);
        }
        System.exit(0);
    }

    private static void checkTool(Path jar, int port, int tlsPort, Path invite) throws Exception {
        String url = "http://" + LOGIN + ":" + PASSWORD + "@127.0.0.1:" + port + PATH;
        String shownJar = root.relativize(jar).toString();
        status.set(200);
        sample("check-accepted", "$ java -jar " + shownJar + " --url " + url + " --user bob@example.com --folder Calendar invite.eml\n"
            + run("java", "-jar", jar.toString(), "--url", url, "--user", "bob@example.com", "--folder", "Calendar", "invite.eml"));
        String wrong = "http://" + LOGIN + ":wrong@127.0.0.1:" + port + PATH;
        sample("check-401", lastLine(run("java", "-jar", jar.toString(), "--url", wrong, "--user", "bob@example.com", "invite.eml")));
        String tls = "https://" + LOGIN + ":" + PASSWORD + "@localhost:" + tlsPort + PATH;
        sample("check-tls", "$ java -jar " + shownJar + " --url " + tls + " --user bob@example.com invite.eml\n"
            + run("java", "-jar", jar.toString(), "--url", tls, "--user", "bob@example.com", "invite.eml"));
    }

    private static void inJames(Path jar, int port) throws Exception {
        String url = "http://" + LOGIN + ":" + PASSWORD + "@127.0.0.1:" + port + PATH;
        Path sampleDir = work.resolve("james-sample");
        deleteRecursively(sampleDir);
        // The sample configuration as it is: its start-up line.
        try (EmbeddedJames james = EmbeddedJames.start(sampleDir, jar, MailetContainerSample.withParameters(root, Map.of()))) {
            sample("startup-line", logged(line -> line.contains("ChronosPushNotification notifies")).get(0));
        }

        Path workDir = work.resolve("james");
        deleteRecursively(workDir);
        Files.createDirectories(workDir.resolve("conf"));
        try (ServerSocket socket = new ServerSocket(0)) {
            webadmin = socket.getLocalPort();
        }
        Files.writeString(workDir.resolve("conf/webadmin.properties"), String.join("\n", "enabled=true", "port=" + webadmin,
            "host=127.0.0.1", "jwt.enabled=false", "https.enabled=false",
            "extensions.routes=org.apache.james.webadmin.dropwizard.MetricsRoutes", ""));
        byte[] invite = Files.readAllBytes(root.resolve(INVITE));
        try (EmbeddedJames james = EmbeddedJames.start(workDir, jar, MailetContainerSample.withParameters(root, Map.of("url", url)))) {
            james.addDomain("example.com");
            for (String user : USERS) {
                james.addUser(user, "password");
            }
            status.set(503);
            send(james, invite, 3);
            Thread.sleep(2000);
            sample("queue-size", "$ curl http://127.0.0.1:8000/mailQueues/chronos-push\n" + webadmin("GET", "/mailQueues/chronos-push"));
            status.set(200);
            await(() -> logged(line -> line.contains("accepted at attempt")).size() >= 6);
            sample("circuit-open", logged(line -> line.contains("failures in a row, the last")).get(0));
            sample("retry-warn", logged(line -> line.contains("attempt 1 failed")).get(0));
            sample("circuit-closed", logged(line -> line.contains("circuit closed")).get(0));
            sample("retry-accepted", logged(line -> line.contains("accepted at attempt")).get(0));
            sample("accepted-debug", logged(line -> line.contains("accepted by")).get(0));

            status.set(401);
            send(james, invite, 1);
            await(() -> logged(line -> line.contains("sent to processor")).size() >= 2);
            sample("dead-letter-log", logged(line -> line.contains("sent to processor")).get(0));
            String keys = webadmin("GET", "/mailRepositories/" + REPOSITORY + "/mails");
            sample("dead-letter-list", "$ curl http://127.0.0.1:8000/mailRepositories/" + REPOSITORY + "\n"
                + webadmin("GET", "/mailRepositories/" + REPOSITORY) + "\n"
                + "$ curl http://127.0.0.1:8000/mailRepositories/" + REPOSITORY + "/mails\n" + keys);
            Matcher first = Pattern.compile("\"([^\"]*bob@example.com)\"").matcher(keys);
            first.find();
            String details = "/mailRepositories/" + REPOSITORY + "/mails/" + first.group(1) + "?additionalFields=attributes";
            sample("dead-letter-attributes", "$ curl -H 'Accept: application/json' 'http://127.0.0.1:8000" + details + "'\n"
                + webadmin("GET", details));

            status.set(200);
            String replay = "/mailRepositories/" + REPOSITORY + "/mails?action=reprocess&queue=chronos-push";
            sample("replay", "$ curl -XPATCH 'http://127.0.0.1:8000" + replay + "'\n" + webadmin("PATCH", replay));
            await(() -> logged(line -> line.contains("replaying dead letter")).size() >= 2
                && logged(line -> line.contains("accepted by")).size() >= 8);
            StringBuilder metrics = new StringBuilder("$ curl -s http://127.0.0.1:8000/metrics | grep '^chronosPush'");
            for (String line : webadmin("GET", "/metrics").split("\n")) {
                if (line.startsWith("chronosPush")) {
                    metrics.append('\n').append(line);
                }
            }
            sample("metrics", metrics.toString());
        }
    }

    private static void send(EmbeddedJames james, byte[] message, int times) throws Exception {
        try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), "organizer@demo.test")) {
            for (int i = 0; i < times; i++) {
                smtp.send(message, USERS);
            }
        }
    }

    /** The messages the extension logged so far, in order, without logback's time, level, thread and logger. */
    private static List<String> logged(Predicate<String> which) {
        List<String> messages = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                int logger = line.indexOf("] io.chronospush.");
                if (logger > 0) {
                    String message = line.substring(line.indexOf(" - ", logger) + 3);
                    if (which.test(message)) {
                        messages.add(message);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return messages;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("doc-samples: waited 60 s in vain; see " + log);
            }
            Thread.sleep(200);
        }
    }

    private static String webadmin(String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webadmin + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
        if (path.contains("additionalFields")) {
            request.header("Accept", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String expected = "Basic " + Base64.getEncoder().encodeToString((LOGIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            int code = expected.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? status.get() : 401;
            if (code == 401) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"OX REST\"");
            }
            exchange.sendResponseHeaders(code, -1);
        }
    }

    /** An HTTPS stand-in with a self-signed certificate for localhost, which no JVM trusts. */
    private static HttpsServer httpsServer() throws Exception {
        Path keystore = work.resolve("ox.p12");
        Files.deleteIfExists(keystore);
        run("keytool", "-genkeypair", "-alias", "ox", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
            "-ext", "SAN=dns:localhost", "-validity", "30", "-storetype", "PKCS12", "-keystore", keystore.toString(),
            "-storepass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return server;
    }

    /** Runs a command in target/doc-samples and returns what it printed, stdout and stderr together. */
    private static String run(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(command));
        if (line.get(0).equals("java") || line.get(0).equals("keytool")) {
            line.set(0, Paths.get(System.getProperty("java.home"), "bin", line.get(0)).toString());
        }
        Process process = new ProcessBuilder(line).directory(work.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        process.waitFor();
        return out.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    private static String lastLine(String text) {
        return text.substring(text.lastIndexOf('\n') + 1);
    }

    /** Appends to target/doc-samples/samples.txt: the console also gets the extension's log lines. */
    private static void sample(String name, String text) {
        try {
            Files.writeString(work.resolve("samples.txt"), "=== sample: " + name + "\n" + text.stripTrailing() + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (var paths = Files.walk(directory)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
