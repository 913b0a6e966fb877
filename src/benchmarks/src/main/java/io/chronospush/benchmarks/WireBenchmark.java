package io.chronospush.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.chronospush.address.NotificationTarget;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.payload.PushPayload;
import io.chronospush.testing.Messages;
import io.chronospush.transport.Endpoint;
import io.chronospush.transport.Notification;
import io.chronospush.transport.PushNotifier;
import io.chronospush.transport.PushOutcome;
import io.chronospush.transport.TrustMaterial;

/**
 * Notifications per second to an HTTP server on 127.0.0.1 that answers 200, sent by the
 * mailet's {@link PushNotifier}, against a bare HttpClient 5 PUT of the same pre-built bytes
 * with the same pool size: the wire limit of the machine. The number of concurrent senders is
 * JMH's thread count ({@code -t 1}, {@code -t 4}, {@code -t 16}). At the end of each run the
 * server prints how many connections carried how many requests.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The client, the server and the JIT share 2 cores: at 16 senders, throughput still climbs for ~15 s.
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class WireBenchmark {
    private static final String INVITATION = "corpus/positive/exchange2010_request_de.eml";
    private static final byte[] ANSWER = "{\"data\":{}}".getBytes(StandardCharsets.US_ASCII);

    private HttpServer server;
    private ExecutorService serverThreads;
    private final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();
    private final LongAdder requests = new LongAdder();

    private PushNotifier notifier;
    private List<Notification> notification;
    private CloseableHttpAsyncClient bareClient;
    private SimpleHttpRequest bareRequest;

    @Setup
    public void setUp() throws IOException {
        serverThreads = Executors.newFixedThreadPool(16);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", this::answer);
        server.setExecutor(serverThreads);
        server.start();
        URI uri = URI.create("http://chronos:secret@127.0.0.1:" + server.getAddress().getPort() + "/chronos/v1/itip/pushmail");

        Endpoint endpoint = Endpoint.parse(uri.toString());
        PushPayload payload = new PushPayload(Messages.bytes(INVITATION));
        notification = Notification.forEach(List.of(new NotificationTarget("bob@example.com", "INBOX", "bob@example.com")), payload);
        notifier = new PushNotifier(endpoint, "PUT", Duration.ofSeconds(2), TrustMaterial.jvmDefault(), PushMetrics.NONE);

        bareClient = HttpAsyncClients.custom()
            .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(32)
                .setMaxConnPerRoute(32)
                .build())
            .build();
        bareClient.start();
        bareRequest = SimpleRequestBuilder.put(endpoint.uri())
            .setHeader("Authorization", endpoint.authorization().orElseThrow())
            .setBody(notification.get(0).document().toByteArray(), ContentType.APPLICATION_JSON)
            .build();
    }

    private void answer(HttpExchange exchange) throws IOException {
        connections.add(exchange.getRemoteAddress());
        requests.increment();
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, ANSWER.length);
        exchange.getResponseBody().write(ANSWER);
        exchange.close();
    }

    @TearDown
    public void tearDown() {
        notifier.close();
        bareClient.close(CloseMode.GRACEFUL);
        server.stop(0);
        serverThreads.shutdownNow();
        System.out.printf("%nloopback server: %d requests over %d connections%n", requests.sum(), connections.size());
    }

    @Benchmark
    public PushOutcome pushNotifier() {
        PushOutcome outcome = notifier.send(notification).get(0);
        if (!outcome.isAccepted()) {
            throw new IllegalStateException("not accepted: " + outcome);
        }
        return outcome;
    }

    @Benchmark
    public SimpleHttpResponse bareHttpClient() throws InterruptedException, ExecutionException {
        SimpleHttpResponse response = bareClient.execute(bareRequest, null).get();
        if (response.getCode() != 200) {
            throw new IllegalStateException("not accepted: " + response.getCode());
        }
        return response;
    }
}
