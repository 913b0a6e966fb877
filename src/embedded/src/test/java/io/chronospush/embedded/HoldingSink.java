package io.chronospush.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An endpoint for the kill tests, on 127.0.0.1, that tells which requests were in flight: it
 * records each request when it starts and when it is answered. It fails slowly ({@link
 * Mode#FAIL_SLOWLY}: 503 after a while), or accepts a notification as soon as it arrives and
 * holds the answer ({@link Mode#HOLD}: the calendar server did its work, the answer is late), or
 * accepts at once ({@link Mode#ACCEPT}). {@link #freeze()} holds every answer not yet given: after
 * it, and once the node is dead, {@link #open()} is exactly the requests the node sent and never
 * had an answer to.
 */
final class HoldingSink implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Mode { FAIL_SLOWLY, HOLD, ACCEPT }

    /**
     * One request: the notification's key (user, X-Load-Id, folder), the login it came with (which
     * node sent it, where nodes have logins of their own), the mode it met, when it started and
     * when it was answered.
     */
    static final class Request {
        final String key;
        final String login;
        final Mode mode;
        final long startedNanos;
        volatile long answeredNanos;

        Request(String key, String login, Mode mode) {
            this.key = key;
            this.login = login;
            this.mode = mode;
            this.startedNanos = System.nanoTime();
        }

        boolean answered() {
            return answeredNanos != 0;
        }

        Duration age() {
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }

        @Override
        public String toString() {
            return key + " (" + login + ", " + mode + ", " + age().toMillis() + " ms ago)";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Duration failDelay;
    private final List<ChronosSink.Received> received = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Request> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastFailureAnsweredNanos = new AtomicLong(System.nanoTime());
    private final Object gate = new Object();
    private final Set<String> logins;
    private final AtomicLong strangers = new AtomicLong();
    private volatile Mode mode;
    private boolean frozen;
    private boolean released;

    private HoldingSink(Mode mode, Duration failDelay, Set<String> logins) throws IOException {
        this.mode = mode;
        this.failDelay = failDelay;
        this.logins = Set.copyOf(logins);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext(ChronosSink.PATH, this::handle);
        server.start();
    }

    /**
     * A sink on a free port of 127.0.0.1 that answers requests with one of {@code logins} only:
     * another James on this machine, whose endpoint was down on the port this sink took, gets a
     * 401 and is not counted.
     */
    static HoldingSink start(Mode mode, Duration failDelay, Set<String> logins) throws IOException {
        return new HoldingSink(mode, failDelay, logins);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void mode(Mode next) {
        mode = next;
    }

    /** From now on no answer goes out, whatever the mode, until {@link #release()}. */
    void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    /** Lets the held and frozen answers go (to a dead node they go nowhere). */
    void release() {
        synchronized (gate) {
            frozen = false;
            released = true;
            gate.notifyAll();
        }
    }

    /** Requests started and not answered yet. */
    List<Request> open() {
        return new ArrayList<>(open);
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The notifications accepted: answered 200, or held after they were taken. */
    List<ChronosSink.Received> received() {
        return new ArrayList<>(received);
    }

    long openIn(Mode which) {
        return open.stream().filter(request -> request.mode == which).count();
    }

    /** Requests with another login: not from this test's nodes. */
    long strangers() {
        return strangers.get();
    }

    /** How long ago the last 503 went out. */
    Duration sinceLastFailureAnswered() {
        return Duration.ofNanos(System.nanoTime() - lastFailureAnsweredNanos.get());
    }

    /** How many requests each notification got so far. */
    Map<String, Long> attemptsPerKey() {
        Map<String, Long> attempts = new ConcurrentHashMap<>();
        requests.forEach(request -> attempts.merge(request.key, 1L, Long::sum));
        return attempts;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ChronosSink.Received notification = new ChronosSink.Received(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            Mode met = mode;
            String login = login(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!logins.contains(login)) {
                strangers.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Request request = new Request(key(notification), login, met);
            requests.add(request);
            open.add(request);
            try {
                switch (met) {
                    case FAIL_SLOWLY:
                        Thread.sleep(failDelay.toMillis());
                        answer(exchange, 503, request);
                        break;
                    case HOLD:
                        received.add(notification);
                        synchronized (gate) {
                            while (!released) {
                                gate.wait();
                            }
                        }
                        answer(exchange, 200, request);
                        break;
                    default:
                        received.add(notification);
                        answer(exchange, 200, request);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.remove(request);
            }
        }
    }

    private void answer(HttpExchange exchange, int status, Request request) throws IOException, InterruptedException {
        synchronized (gate) {
            while (frozen) {
                gate.wait();
            }
        }
        request.answeredNanos = System.nanoTime();
        exchange.sendResponseHeaders(status, -1);
        if (status == 503) {
            lastFailureAnsweredNanos.set(System.nanoTime());
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.flush();
        }
    }

    private static String login(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return "none";
        }
        String credentials = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())), StandardCharsets.UTF_8);
        return credentials.substring(0, Math.max(0, credentials.indexOf(':')));
    }

    private static String key(ChronosSink.Received notification) {
        return JamesScenario.perUserAndMail(List.of(notification)).keySet().iterator().next();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
