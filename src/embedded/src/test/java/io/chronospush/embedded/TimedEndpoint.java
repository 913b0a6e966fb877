package io.chronospush.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The OX endpoint for the RabbitMQ tests: it answers as it is told ({@link Mode}) and keeps the
 * time of every request per notification, (user, X-Load-Id), so that a test sees when each was
 * tried and retried. It does not check credentials: {@link ChronosSink} covers those.
 */
final class TimedEndpoint implements AutoCloseable {
    enum Mode {
        /** 503 to the first request of each notification, 200 to the next ones. */
        FAIL_FIRST,
        /** 503 to every request: an endpoint that is down but answers. */
        FAIL_ALL,
        /** 200 to every request. */
        ACCEPT
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOAD_ID = Pattern.compile("\r\nX-Load-Id: (\\d+)\r\n");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final Map<String, List<Long>> requests = new ConcurrentHashMap<>();
    private final List<ChronosSink.Received> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile Mode mode;

    private TimedEndpoint(int port, Mode mode) throws IOException {
        this.mode = mode;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.setExecutor(executor);
        server.createContext(ChronosSink.PATH, this::handle);
        server.start();
    }

    static TimedEndpoint start(Mode mode) throws IOException {
        return new TimedEndpoint(0, mode);
    }

    static TimedEndpoint start(int port, Mode mode) throws IOException {
        return new TimedEndpoint(port, mode);
    }

    String url() {
        return JamesScenario.url(server.getAddress().getPort());
    }

    void answer(Mode newMode) {
        this.mode = newMode;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.currentTimeMillis();
        try (exchange) {
            JsonNode document = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Matcher id = LOAD_ID.matcher(document.path("body").asText());
            String key = document.path("user").asText() + " " + (id.find() ? id.group(1) : "none");
            List<Long> times = requests.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
            times.add(now);
            Mode answering = mode;
            boolean accept = answering == Mode.ACCEPT || (answering == Mode.FAIL_FIRST && times.size() > 1);
            if (accept) {
                accepted.add(new ChronosSink.Received(document));
            } else {
                failed.incrementAndGet();
            }
            byte[] body = "{}".getBytes(UTF_8);
            exchange.sendResponseHeaders(accept ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Every request's time (ms since the epoch) per notification, "user id". */
    Map<String, List<Long>> requests() {
        return Map.copyOf(requests);
    }

    List<ChronosSink.Received> accepted() {
        return new ArrayList<>(accepted);
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** The requests answered 503: each is a failed attempt of one notification. */
    int failedCount() {
        return failed.get();
    }

    int requestCount() {
        return requests.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
