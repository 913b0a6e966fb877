package io.chronospush.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP or HTTPS server on 127.0.0.1, standing in for OX App Suite's pushmail endpoint:
 * it records every request and answers as the test says.
 */
public final class RecordingEndpoint implements AutoCloseable {
    public static final String PATH = "/chronos/v1/itip/pushmail";

    /** One request as the server received it. */
    public static final class Request {
        public final String method;
        public final String path;
        public final Headers headers;
        public final byte[] body;
        /** The client's port: requests with the same one came over the same connection. */
        public final int clientPort;
        /** {@link System#nanoTime()} when the request had arrived. */
        public final long receivedNanos;

        Request(String method, String path, Headers headers, byte[] body, int clientPort) {
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.body = body;
            this.clientPort = clientPort;
            this.receivedNanos = System.nanoTime();
        }

        public String header(String name) {
            return headers.getFirst(name);
        }

        public String bodyAsString() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How the server answers one request. */
    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange exchange, int requestNumber) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Answer answer = status(200);

    private RecordingEndpoint(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static RecordingEndpoint http() throws IOException {
        return new RecordingEndpoint(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    public static RecordingEndpoint https(SSLContext serverContext) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        return new RecordingEndpoint(server);
    }

    public static Answer status(int code) {
        return status(code, Map.of(), "");
    }

    public static Answer status(int code, Map<String, String> headers, String body) {
        return (exchange, number) -> {
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** Answers {@code then} only after {@code delay}: a slow endpoint. */
    public static Answer after(Duration delay, Answer then) {
        return (exchange, number) -> {
            Thread.sleep(delay.toMillis());
            then.answer(exchange, number);
        };
    }

    /** The first {@code times} requests get {@code first}, the others {@code then}. */
    public static Answer firstThen(int times, Answer first, Answer then) {
        return (exchange, number) -> (number <= times ? first : then).answer(exchange, number);
    }

    public RecordingEndpoint answering(Answer answer) {
        this.answer = answer;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code scheme://[userInfo@]127.0.0.1:port/chronos/v1/itip/pushmail} */
    public String url(String userInfo) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + port() + PATH;
    }

    public String url() {
        return url(null);
    }

    public URI uri() {
        return URI.create(url());
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), exchange.getRequestHeaders(), body,
            exchange.getRemoteAddress().getPort());
        int number;
        synchronized (requests) {
            requests.add(request);
            number = requests.size();
        }
        try {
            answer.answer(exchange, number);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
