package io.chronospush.transport;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.metrics.PushMetrics;

/**
 * Sends notifications to the endpoint with HttpClient 5: pooled keep-alive connections, TLS with
 * hostname verification, no redirects (they could carry the credentials elsewhere), no cookies,
 * and no wire log (it would show the credentials and the mails). HttpClient does not answer
 * authentication challenges: the Authorization header goes out with every request, a 401 is an
 * outcome to report, and HttpClient's auth schemes log the challenge, which an endpoint echoing
 * the request fills with the Basic token.
 *
 * <p>All notifications of a mail go out at once, one attempt each. Each attempt is cut off by a
 * timer after {@code timeout}, whatever it is waiting for: a pooled connection, the host name,
 * the TLS handshake or the answer. A request whose host name is not resolved yet is started on
 * the notifier's own threads, so the caller never waits on a name lookup. So {@link #send} returns within {@link #deliveryBound()},
 * the timeout, whatever the number of recipients and whatever the endpoint does. It never
 * throws: what became of each notification is its {@link PushOutcome}, and retrying is the
 * caller's business.
 */
public final class PushNotifier implements Closeable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PushNotifier.class);

    /** How long one attempt may take, unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final ContentType JSON = ContentType.parse("application/json; charset=utf-8");
    /** Threads that start requests while the host's address is not known: HttpClient resolves it on the thread that starts one. */
    private static final int STARTER_THREADS = 4;
    /** Beyond the cut-off, how long {@link #send} waits for a lost callback. */
    private static final Duration GRACE = Duration.ofMillis(50);

    private final Endpoint endpoint;
    private final String method;
    private final Duration timeout;
    private final CloseableHttpAsyncClient client;
    private final CutOffs cutOffs;
    private final ThreadPoolExecutor starter;
    private final NameCache names;
    private final PushMetrics metrics;

    public PushNotifier(Endpoint endpoint, String method, Duration timeout, SSLContext sslContext, PushMetrics metrics) {
        this.endpoint = endpoint;
        this.metrics = metrics;
        this.method = method;
        this.timeout = timeout;
        this.cutOffs = new CutOffs(timeout, daemonThreads("chronos-push-timer"));
        this.starter = new ThreadPoolExecutor(STARTER_THREADS, STARTER_THREADS, 1, TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(), daemonThreads("chronos-push-start"));
        this.starter.allowCoreThreadTimeOut(true);
        this.names = new NameCache(timeout);
        this.client = PushClient.create(timeout, sslContext, names, daemonThreads("chronos-push-io"));
    }

    /** The longest {@link #send} makes its caller wait: one attempt. */
    public Duration deliveryBound() {
        return timeout;
    }

    /**
     * Sends each notification once, concurrently.
     *
     * @return the outcome of each notification, in order
     */
    public List<PushOutcome> send(List<Notification> notifications) {
        List<CompletableFuture<PushOutcome>> outcomes = notifications.stream()
            .map(this::attempt)
            .collect(Collectors.toList());
        try {
            // Every attempt is cut off by the timer, so this only guards against a lost callback.
            CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0]))
                .get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.error("Chronos push to {}: gave up waiting after {} ms", endpoint, timeout.toMillis());
        }
        List<PushOutcome> result = new ArrayList<>();
        for (int i = 0; i < notifications.size(); i++) {
            PushOutcome outcome = outcomes.get(i).getNow(PushOutcome.timedOut(timeout));
            if (outcome.isAccepted()) {
                LOGGER.debug("Chronos push for {} accepted by {} ({})", notifications.get(i), endpoint, outcome);
            }
            result.add(outcome);
        }
        return result;
    }

    /**
     * One attempt. Its cut-off is armed before anything else, then the request goes to
     * HttpClient: from the caller's thread when the host's address is known, else from a starter
     * thread. Whichever of answer, failure and cut-off comes first decides.
     */
    private CompletableFuture<PushOutcome> attempt(Notification notification) {
        CompletableFuture<PushOutcome> outcome = new CompletableFuture<>();
        PushMetrics.Timer latency = metrics.requestStarted();
        DocumentProducer body = new DocumentProducer(notification.document());
        AtomicReference<Future<?>> exchange = new AtomicReference<>();
        boolean armed = cutOffs.arm(outcome, () -> {
            if (outcome.complete(body.started() ? PushOutcome.timedOut(timeout) : PushOutcome.notSent(timeout))) {
                cancel(exchange.get());
            }
        });
        if (!armed) {
            outcome.complete(PushOutcome.stopped());
        }
        Runnable start = () -> {
            if (outcome.isDone()) {
                return;
            }
            try {
                exchange.set(client.execute(request(body), new AnswerConsumer(), completing(outcome)));
            } catch (RuntimeException closedOrRejected) {
                outcome.complete(PushOutcome.of(closedOrRejected, endpoint, timeout));
            }
            if (outcome.isDone()) {
                cancel(exchange.getAndSet(null));
            }
        };
        if (names.answersAtOnce(endpoint.uri().getHost())) {
            start.run();
        } else {
            try {
                starter.execute(start);
            } catch (RejectedExecutionException stopped) {
                outcome.complete(PushOutcome.stopped());
            }
        }
        // Whoever waits for the outcome sees it only once its time is recorded. The cut-off stays
        // armed until the timer next sweeps: it keeps nothing of the exchange.
        return outcome.whenComplete((done, failure) -> {
            exchange.set(null);
            latency.stop();
        });
    }

    private AsyncRequestProducer request(DocumentProducer body) {
        AsyncRequestBuilder request = AsyncRequestBuilder.create(method)
            .setUri(endpoint.uri())
            .setEntity(body);
        endpoint.authorization().ifPresent(value -> request.setHeader(HttpHeaders.AUTHORIZATION, value));
        return request.build();
    }

    private FutureCallback<AnswerConsumer.Answer> completing(CompletableFuture<PushOutcome> outcome) {
        return new FutureCallback<>() {
            @Override
            public void completed(AnswerConsumer.Answer answer) {
                outcome.complete(PushOutcome.of(answer, endpoint));
            }

            @Override
            public void failed(Exception failure) {
                outcome.complete(PushOutcome.of(failure, endpoint, timeout));
            }

            @Override
            public void cancelled() {
                outcome.complete(PushOutcome.stopped());
            }
        };
    }

    private static void cancel(Future<?> exchange) {
        if (exchange != null) {
            exchange.cancel(true);
        }
    }

    /**
     * Stops taking notifications. Those in flight end as "not sent: the mailet is shutting down",
     * or at their cut-off at the latest.
     */
    @Override
    public void close() {
        cutOffs.close();
        starter.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
