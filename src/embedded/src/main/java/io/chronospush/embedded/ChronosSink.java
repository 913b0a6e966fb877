package io.chronospush.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for OX App Suite's {@code PUT /chronos/v1/itip/pushmail} on 127.0.0.1, answering as
 * OX does: 503 while {@linkplain #setAvailable unavailable}, 401 without the right Basic
 * credentials, 405 for another method, 400 unless the JSON has {@code body} and {@code folder},
 * else 200. It keeps every notification it accepted.
 */
public final class ChronosSink implements AutoCloseable {
    public static final String PATH = "/chronos/v1/itip/pushmail";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One notification the sink accepted. */
    public static final class Received {
        public final String user;
        public final String event;
        public final String folder;
        public final String body;

        Received(JsonNode document) {
            this.user = document.path("user").asText(null);
            this.event = document.path("event").asText(null);
            this.folder = document.path("folder").asText();
            this.body = document.path("body").asText();
        }

        /** The notification as indented JSON, its body cut after {@code bodyChars} characters. */
        public String toPrettyJson(int bodyChars) {
            ObjectNode shown = JSON.createObjectNode();
            shown.put("user", user);
            shown.put("event", event);
            shown.put("folder", folder);
            shown.put("body", body.length() <= bodyChars ? body
                : body.substring(0, bodyChars) + "... (" + body.length() + " characters in all)");
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(shown);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final String login;
    private volatile String password;
    private volatile boolean available = true;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Consumer<Received> listener;

    private ChronosSink(int port, String login, String password, Consumer<Received> listener) throws IOException {
        this.login = login;
        this.password = password;
        this.listener = listener;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(executor);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** A sink that takes {@code login:password} and tells {@code listener} of each accepted notification. */
    public static ChronosSink start(String login, String password, Consumer<Received> listener) throws IOException {
        return new ChronosSink(0, login, password, listener);
    }

    /** The same on a given port: an endpoint that comes back where it was down. */
    public static ChronosSink start(int port, String login, String password, Consumer<Received> listener) throws IOException {
        return new ChronosSink(port, login, password, listener);
    }

    /** The URL to give the mailet, credentials included. */
    public String url() {
        return url(port(), login, password);
    }

    /** The URL of a sink with these credentials on {@code port} of 127.0.0.1, whether one listens there or not. */
    public static String url(int port, String login, String password) {
        try {
            return new URI("http", login + ":" + password, "127.0.0.1", port, PATH, null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Unavailable, it answers every request 503, as OX does while it restarts; available again, as before. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** From now on it takes {@code password} only, as OX does once its REST password changed; {@link #url()} follows. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** Every request that came, accepted or not. */
    public int requestCount() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            if (!available) {
                answer(exchange, 503, "");
                return;
            }
            if (!expectedAuthorization().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"OX REST\"");
                answer(exchange, 401, "");
                return;
            }
            if (!exchange.getRequestMethod().equals("PUT")) {
                answer(exchange, 405, "");
                return;
            }
            JsonNode document;
            try {
                document = JSON.readTree(request);
            } catch (IOException e) {
                answer(exchange, 400, "{\"error\":\"not JSON\"}");
                return;
            }
            if (document == null || !document.path("body").isTextual() || !document.path("folder").isTextual()) {
                answer(exchange, 400, "{\"error\":\"body and folder are required\"}");
                return;
            }
            Received notification = new Received(document);
            received.add(notification);
            listener.accept(notification);
            answer(exchange, 200, "{}");
        }
    }

    private String expectedAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
