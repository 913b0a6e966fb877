package io.chronospush.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The RabbitMQ broker of 127.0.0.1 (AMQP on 5672, management API on 15672, guest:guest), for a
 * test class: {@code @RegisterExtension static final RabbitMqBroker BROKER = new RabbitMqBroker();}.
 *
 * <ul>
 * <li>Without a broker the class is skipped, with one loud line on the console; with {@code CI=true}
 *     in the environment it fails instead: CI must never pass by skipping.</li>
 * <li>Each test gets a vhost of its own, created before it and deleted after it, so no counter and
 *     no queue is shared with another test or run; the default vhost is never used.</li>
 * <li>The management API's counters of the queues whose name contains a word, summed.</li>
 * <li>Policies that make the broker refuse publishes to some queues ({@link #refusePublishes}).</li>
 * <li>{@link #stopApp()} and {@link #startApp()} ({@code rabbitmqctl}): they affect the whole broker.</li>
 * </ul>
 */
public final class RabbitMqBroker implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
    static final String HOST = "127.0.0.1";
    static final int AMQP_PORT = 5672;
    static final int MANAGEMENT_PORT = 15672;
    private static final String MANAGEMENT = "http://" + HOST + ":" + MANAGEMENT_PORT + "/api/";
    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
        .encodeToString((RabbitMqQueueModule.DEFAULT_USER + ":" + RabbitMqQueueModule.DEFAULT_PASSWORD).getBytes(UTF_8));
    /** How long the broker may take to come back after {@code start_app}. */
    static final Duration BACK_WITHIN = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private String vhost;

    /** The counters of a set of queues, summed (the management API's {@code message_stats}, and what the queues hold now). */
    public record Counters(long publish, long deliverGet, long redeliver, long ack, long ready, long unacked, long consumers, int queues) {
        public long held() {
            return ready + unacked;
        }

        public Counters minus(Counters before) {
            return new Counters(publish - before.publish, deliverGet - before.deliverGet, redeliver - before.redeliver,
                ack - before.ack, ready, unacked, consumers, queues);
        }

        @Override
        public String toString() {
            return String.format("publish=%d deliver_get=%d redeliver=%d ack=%d ready=%d unacked=%d consumers=%d (%d queues)",
                publish, deliverGet, redeliver, ack, ready, unacked, consumers, queues);
        }
    }

    // ---------------------------------------------------------------- the skip rule and the vhost

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = whyUnavailable();
        if (missing == null) {
            return ConditionEvaluationResult.enabled("RabbitMQ on " + HOST);
        }
        if (isCi()) {
            // Enabled, so that beforeAll runs and fails the class.
            return ConditionEvaluationResult.enabled("CI=true: the class fails without a broker");
        }
        String line = "!!! RabbitMQ tests SKIPPED (" + context.getRequiredTestClass().getSimpleName() + "): " + missing
            + ". Start a broker with the management plugin on " + HOST + " (or run .ci/run, which does), or set CI=true to fail instead.";
        loudly(line);
        return ConditionEvaluationResult.disabled(line);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String missing = whyUnavailable();
        if (missing != null) {
            throw new IllegalStateException("CI=true and no RabbitMQ broker: " + missing + ". .ci/run installs and starts one.");
        }
    }

    /**
     * A vhost per test, not per class: a James stopped with mails on its queues leaves them there,
     * their bodies gone with its memory blob store, and the next James on that vhost would spin
     * on them (James's spooler requeues a mail it cannot load, at once and forever).
     */
    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        vhost = "chronos-it-" + context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName()
            + "-" + UUID.randomUUID().toString().substring(0, 8);
        request("PUT", "vhosts/" + encode(vhost), "{}");
        request("PUT", "permissions/" + encode(vhost) + "/" + encode(RabbitMqQueueModule.DEFAULT_USER),
            "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
    }

    /** Runs after the test's own {@code @AfterEach}, which stops James. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (vhost != null) {
            // The broker must be up to take the vhost away: a test that stopped it has started it again.
            awaitUp();
            request("DELETE", "vhosts/" + encode(vhost), null);
            vhost = null;
        }
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Null when the broker answers on AMQP and on the management API, else what is missing. */
    static String whyUnavailable() {
        if (!listening(AMQP_PORT)) {
            return "nothing listens on " + HOST + ":" + AMQP_PORT + " (AMQP)";
        }
        try {
            HttpResponse<String> overview = HTTP.send(get("overview"), HttpResponse.BodyHandlers.ofString());
            if (overview.statusCode() != 200) {
                return "the management API on " + HOST + ":" + MANAGEMENT_PORT + " answers " + overview.statusCode() + " to guest:guest";
            }
            return null;
        } catch (IOException e) {
            return "no management API on " + HOST + ":" + MANAGEMENT_PORT + " (rabbitmq-plugins enable rabbitmq_management): " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Failsafe keeps the tests' output in files: the line goes to the fork's own stderr, which Maven shows, and to System.err. */
    @SuppressWarnings("resource")
    private static void loudly(String line) {
        System.err.println(line);
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8);
        console.println(line);
    }

    public String vhost() {
        return vhost;
    }

    /** A James module with its queues on this test's vhost. */
    public RabbitMqQueueModule queueModule() {
        return new RabbitMqQueueModule(vhost);
    }

    // ---------------------------------------------------------------- policies

    /**
     * Makes the broker refuse every publish to this vhost's queues whose name matches
     * {@code pattern}: a length limit of 0 that rejects new messages, which a publisher with
     * confirms (James's queue) sees as a nack.
     */
    public void refusePublishes(String policy, String pattern) throws Exception {
        request("PUT", "policies/" + encode(vhost) + "/" + encode(policy), "{\"pattern\":" + JSON.writeValueAsString(pattern)
            + ",\"apply-to\":\"queues\",\"priority\":10,\"definition\":{\"max-length\":0,\"overflow\":\"reject-publish\"}}");
    }

    /** Empties this vhost's queues whose name contains {@code word}; their counters stay. */
    public void purgeQueues(String word) throws Exception {
        for (String queue : queueNames()) {
            if (queue.contains(word)) {
                request("DELETE", "queues/" + encode(vhost) + "/" + encode(queue) + "/contents", null);
            }
        }
    }

    public void clearPolicy(String policy) throws Exception {
        request("DELETE", "policies/" + encode(vhost) + "/" + encode(policy), null);
    }

    // ---------------------------------------------------------------- counters

    /** The queues of this test's vhost whose name contains {@code word}, summed. */
    public Counters queues(String word) throws Exception {
        JsonNode queues = JSON.readTree(request("GET", "queues/" + encode(vhost)
            + "?columns=name,messages_ready,messages_unacknowledged,consumers,message_stats", null));
        long publish = 0;
        long deliverGet = 0;
        long redeliver = 0;
        long ack = 0;
        long ready = 0;
        long unacked = 0;
        long consumers = 0;
        int count = 0;
        for (JsonNode queue : queues) {
            if (!queue.path("name").asText().contains(word)) {
                continue;
            }
            count++;
            JsonNode stats = queue.path("message_stats");
            publish += stats.path("publish").asLong(0);
            deliverGet += stats.path("deliver_get").asLong(0);
            redeliver += stats.path("redeliver").asLong(0);
            ack += stats.path("ack").asLong(0);
            ready += queue.path("messages_ready").asLong(0);
            unacked += queue.path("messages_unacknowledged").asLong(0);
            consumers += queue.path("consumers").asLong(0);
        }
        return new Counters(publish, deliverGet, redeliver, ack, ready, unacked, consumers, count);
    }

    /** The names of this class's queues. */
    public List<String> queueNames() throws Exception {
        JsonNode queues = JSON.readTree(request("GET", "queues/" + encode(vhost) + "?columns=name", null));
        return java.util.stream.StreamSupport.stream(queues.spliterator(), false).map(queue -> queue.path("name").asText()).toList();
    }

    /**
     * The counters once the management API has caught up: it refreshes them every 5 s
     * ({@code collect_statistics_interval}), so they are read until two reads 6 s apart agree.
     */
    public Counters settledQueues(String word) throws Exception {
        Counters[] last = {queues(word)};
        Awaitility.await("the management API's counters settle").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(6))
            .pollInterval(Duration.ofSeconds(6)).until(() -> {
                Counters now = queues(word);
                boolean settled = now.equals(last[0]);
                last[0] = now;
                return settled;
            });
        return last[0];
    }

    // ---------------------------------------------------------------- the whole broker

    /** {@code rabbitmqctl stop_app}: the broker's node stays, AMQP and the management API go. */
    public static void stopApp() throws Exception {
        rabbitmqctl("stop_app");
        Awaitility.await("AMQP port closed").atMost(Duration.ofSeconds(30)).until(() -> !listening(AMQP_PORT));
    }

    /** {@code rabbitmqctl start_app}, then waits for both ports and the management API. */
    public static void startApp() throws Exception {
        rabbitmqctl("start_app");
        awaitUp();
    }

    static void awaitUp() {
        Awaitility.await("RabbitMQ back on " + AMQP_PORT + " and " + MANAGEMENT_PORT).atMost(BACK_WITHIN)
            .pollInterval(Duration.ofMillis(500)).until(() -> whyUnavailable() == null);
    }

    private static void rabbitmqctl(String command) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + command + " failed: " + output);
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(MANAGEMENT + path)).header("Authorization", AUTHORIZATION)
            .timeout(Duration.ofSeconds(10)).build();
    }

    private static String request(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(MANAGEMENT + path)).header("Authorization", AUTHORIZATION)
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, UTF_8);
    }
}
