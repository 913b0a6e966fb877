package io.chronospush.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;
import javax.net.ssl.SSLContext;

import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.MailetConfig;

import io.chronospush.retry.RetryPolicy;
import io.chronospush.transport.Endpoint;
import io.chronospush.transport.PushNotifier;
import io.chronospush.transport.TrustMaterial;

/**
 * The parameters of {@code ChronosPushNotification}, parsed and checked once, as
 * {@code RemoteDeliveryConfiguration} does for {@code RemoteDelivery}. A bad value stops James
 * start-up with a {@link MessagingException} naming the parameter and the value (the URL's
 * password masked, a {@code caFilePassword} never shown). Building one starts nothing: the
 * mailet wires the parts from it. Its {@link #toString()} is the mailet's start-up line.
 */
public final class ChronosPushConfiguration {
    /** How the mailet names itself in its messages, whatever package prefix the XML writes. */
    public static final String MAILET_NAME = "ChronosPushNotification";
    public static final String URL = "url";
    public static final String TIMEOUT = "timeout";
    public static final Duration DEFAULT_TIMEOUT = PushNotifier.DEFAULT_TIMEOUT;
    public static final String METHOD = "method";
    public static final String DEFAULT_METHOD = "PUT";
    public static final String CA_FILE = "caFile";
    public static final String CA_FILE_PASSWORD = "caFilePassword";
    public static final String DELAY_TIME = "delayTime";
    public static final String MAX_RETRIES = "maxRetries";
    public static final String RETRY_QUEUE = "retryQueue";
    public static final String DEFAULT_RETRY_QUEUE = "chronos-push";
    public static final String FAILED_PROCESSOR = "failedProcessor";
    public static final String CIRCUIT_BREAKER_THRESHOLD = "circuitBreakerThreshold";
    public static final int DEFAULT_CIRCUIT_BREAKER_THRESHOLD = 5;
    /** Every parameter the mailet takes: any other stops start-up. */
    public static final Set<String> PARAMETERS = Set.of(URL, TIMEOUT, METHOD, CA_FILE, CA_FILE_PASSWORD,
        DELAY_TIME, MAX_RETRIES, RETRY_QUEUE, FAILED_PROCESSOR, CIRCUIT_BREAKER_THRESHOLD);

    private final Endpoint endpoint;
    private final Duration timeout;
    private final String method;
    private final SSLContext tls;
    private final RetryPolicy retryPolicy;
    private final MailQueueName retryQueue;
    private final Optional<String> failedProcessor;
    private final int circuitBreakerThreshold;

    private ChronosPushConfiguration(Endpoint endpoint, Duration timeout, String method, SSLContext tls,
                                     RetryPolicy retryPolicy, MailQueueName retryQueue, Optional<String> failedProcessor,
                                     int circuitBreakerThreshold) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.method = method;
        this.tls = tls;
        this.retryPolicy = retryPolicy;
        this.retryQueue = retryQueue;
        this.failedProcessor = failedProcessor;
        this.circuitBreakerThreshold = circuitBreakerThreshold;
    }

    /** @throws MessagingException naming the first bad parameter and its value */
    public static ChronosPushConfiguration from(MailetConfig config) throws MessagingException {
        MailetParameters parameters = new MailetParameters(config, MAILET_NAME);
        Endpoint endpoint = parameters.required(URL, Endpoint::parse);
        Duration timeout = parameters.optional(TIMEOUT, Durations::parsePositive, DEFAULT_TIMEOUT);
        String method = parameters.optional(METHOD, RequestMethods::parse, DEFAULT_METHOD);
        Optional<char[]> caFilePassword = parameters.secret(CA_FILE_PASSWORD);
        if (caFilePassword.isPresent() && !parameters.isSet(CA_FILE)) {
            throw new MessagingException(MAILET_NAME + ": '" + CA_FILE_PASSWORD + "' is set but '" + CA_FILE + "' is not");
        }
        SSLContext tls = parameters.optional(CA_FILE, path -> TrustMaterial.withCaFile(MailetParameters.path(path), caFilePassword),
            TrustMaterial.jvmDefault());
        Optional<Integer> maxRetries = parameters.maybe(MAX_RETRIES, MailetParameters::nonNegative);
        RetryPolicy retryPolicy = parameters.optional(DELAY_TIME, value -> RetryPolicy.of(Optional.of(value), maxRetries),
            RetryPolicy.of(Optional.empty(), maxRetries));
        MailQueueName retryQueue = MailQueueName.of(parameters.optional(RETRY_QUEUE, value -> value, DEFAULT_RETRY_QUEUE));
        Optional<String> failedProcessor = parameters.maybe(FAILED_PROCESSOR, value -> value);
        int threshold = parameters.optional(CIRCUIT_BREAKER_THRESHOLD, MailetParameters::nonNegative, DEFAULT_CIRCUIT_BREAKER_THRESHOLD);
        return new ChronosPushConfiguration(endpoint, timeout, method, tls, retryPolicy, retryQueue, failedProcessor,
            threshold);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** How long one attempt may take, and so the longest a mail waits for its notifications. */
    public Duration timeout() {
        return timeout;
    }

    public String method() {
        return method;
    }

    /** The JVM's trusted CAs, plus those of {@code caFile}. */
    public SSLContext tls() {
        return tls;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public MailQueueName retryQueue() {
        return retryQueue;
    }

    /** Where notifications given up on go; without it they are only logged. */
    public Optional<String> failedProcessor() {
        return failedProcessor;
    }

    /** Failures in a row that open the circuit; 0 never opens it. */
    public int circuitBreakerThreshold() {
        return circuitBreakerThreshold;
    }

    /** The start-up line: what the mailet will do, the URL's password masked. */
    @Override
    public String toString() {
        return MAILET_NAME + " notifies " + endpoint + " with " + method + " (timeout " + timeout.toMillis() + " ms); retries on queue '"
            + retryQueue.asString() + "': " + retryPolicy + "; given up on: "
            + failedProcessor.map(processor -> "processor " + processor).orElse("logged only") + "; circuit breaker: "
            + (circuitBreakerThreshold == 0 ? "off" : "opens after " + circuitBreakerThreshold + " failures in a row");
    }
}
