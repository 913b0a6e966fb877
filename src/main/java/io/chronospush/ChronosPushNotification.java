package io.chronospush;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.net.ssl.SSLContext;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.address.AccountResolver;
import io.chronospush.address.DeliveryFolder;
import io.chronospush.address.NotificationTarget;
import io.chronospush.config.Durations;
import io.chronospush.config.MailetParameters;
import io.chronospush.config.RequestMethods;
import io.chronospush.metrics.JamesMetrics;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.payload.PushPayload;
import io.chronospush.retry.CircuitBreaker;
import io.chronospush.retry.DeadLetters;
import io.chronospush.retry.InMemoryMailQueue;
import io.chronospush.retry.PendingNotification;
import io.chronospush.retry.RetryPolicy;
import io.chronospush.retry.RetryQueue;
import io.chronospush.retry.RetryWorker;
import io.chronospush.transport.Endpoint;
import io.chronospush.transport.Notification;
import io.chronospush.transport.PushNotifier;
import io.chronospush.transport.PushOutcome;
import io.chronospush.transport.TrustMaterial;

/**
 * Tells a calendar server, typically OX App Suite's {@code PUT /chronos/v1/itip/pushmail}, about
 * a calendar invitation James is delivering, as Dovecot's {@code push_notification_chronos}
 * driver does. For each recipient, deduplicated by account, it sends
 * <pre>{"user": "bob@example.com", "event": "MessageNew", "folder": "INBOX", "body": "...the whole message..."}</pre>
 * where {@code folder} is where Sieve or JMAP filtering files the mail for that user.
 *
 * <p>Place it in the {@code local-delivery} processor after {@code Sieve} and {@code JMAPFiltering}
 * and before {@code LocalDelivery}, behind {@link HasCalendarInvite}:
 * <pre>{@code
 * <mailet match="io.chronospush.HasCalendarInvite=1mb" class="io.chronospush.ChronosPushNotification">
 *     <url>https://login:password@ox.example.com/chronos/v1/itip/pushmail</url>
 *     <timeout>2s</timeout>
 *     <delayTime>5 * 10s, 5 * 1m, 4 * 15m, 6 * 1h</delayTime>
 *     <failedProcessor>chronos-push-failed</failedProcessor>
 * </mailet>
 * }</pre>
 *
 * <p>Parameters: {@code url} (required; its {@code login:password} becomes HTTP Basic
 * authentication), {@code timeout} (default 2s), {@code method} (PUT or POST, default PUT),
 * {@code caFile} (a PEM bundle or PKCS12/JKS trust store of CAs to trust besides the JVM's),
 * {@code caFilePassword}, {@code delayTime} and {@code maxRetries} (as {@code RemoteDelivery}'s;
 * default {@value RetryPolicy#DEFAULT_DELAY_TIME}), {@code retryQueue} (the James mail queue
 * retries wait on, default {@value #DEFAULT_RETRY_QUEUE}), {@code failedProcessor} (where
 * notifications given up on go; without it they are only logged) and
 * {@code circuitBreakerThreshold} (default {@value #DEFAULT_CIRCUIT_BREAKER_THRESHOLD}; 0 turns
 * the breaker off).
 *
 * <p>Each notification gets one inline attempt, cut off at {@code timeout}; the mail itself is
 * never changed, and the endpoint cannot fail it. A refused connection, a time-out, 408, 429 or
 * 5xx puts the notification on the retry queue, James's own {@code MailQueue}: as durable as
 * James's queues are, and shared by a cluster. Other answers are permanent and go to the
 * {@code failedProcessor} at once. Without Guice (no-argument constructor), retries wait in this
 * JVM's memory and do not survive it.
 */
public class ChronosPushNotification extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ChronosPushNotification.class);
    private static final String NAME = "ChronosPushNotification";

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
    private static final Set<String> PARAMETERS = Set.of(URL, TIMEOUT, METHOD, CA_FILE, CA_FILE_PASSWORD,
        DELAY_TIME, MAX_RETRIES, RETRY_QUEUE, FAILED_PROCESSOR, CIRCUIT_BREAKER_THRESHOLD);

    private final AccountResolver accounts;
    private final Optional<MailQueueFactory<?>> queueFactory;
    private final PushMetrics metrics;
    private final DeliveryFolder folders = new DeliveryFolder();
    private PushNotifier notifier;
    private CircuitBreaker breaker;
    private RetryQueue retries;
    private RetryWorker worker;

    /**
     * Without Guice: the account name is the recipient's full address, as with virtual hosting;
     * retries wait in memory, and nothing is counted.
     */
    public ChronosPushNotification() {
        this(AccountResolver.fullAddress(), Optional.empty(), PushMetrics.NONE);
    }

    @Inject
    public ChronosPushNotification(UsersRepository usersRepository, MailQueueFactory<?> queueFactory, MetricFactory metricFactory) {
        this(AccountResolver.using(usersRepository), Optional.of(queueFactory), new JamesMetrics(metricFactory));
    }

    ChronosPushNotification(AccountResolver accounts, Optional<MailQueueFactory<?>> queueFactory, PushMetrics metrics) {
        this.accounts = accounts;
        this.queueFactory = queueFactory;
        this.metrics = metrics;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(PARAMETERS);
        MailetParameters parameters = new MailetParameters(getMailetConfig(), NAME);
        Endpoint endpoint = parameters.required(URL, Endpoint::parse);
        Duration timeout = parameters.optional(TIMEOUT, Durations::parsePositive, DEFAULT_TIMEOUT);
        String method = parameters.optional(METHOD, RequestMethods::parse, DEFAULT_METHOD);
        Optional<char[]> caFilePassword = parameters.secret(CA_FILE_PASSWORD);
        if (caFilePassword.isPresent() && !parameters.isSet(CA_FILE)) {
            throw new MessagingException(NAME + ": '" + CA_FILE_PASSWORD + "' is set but '" + CA_FILE + "' is not");
        }
        SSLContext tls = parameters.optional(CA_FILE, path -> TrustMaterial.withCaFile(MailetParameters.path(path), caFilePassword),
            TrustMaterial.jvmDefault());
        Optional<Integer> maxRetries = parameters.maybe(MAX_RETRIES, MailetParameters::nonNegative);
        RetryPolicy policy = parameters.optional(DELAY_TIME, value -> RetryPolicy.of(Optional.of(value), maxRetries),
            RetryPolicy.of(Optional.empty(), maxRetries));
        MailQueueName queueName = MailQueueName.of(parameters.optional(RETRY_QUEUE, value -> value, DEFAULT_RETRY_QUEUE));
        Optional<String> failedProcessor = parameters.maybe(FAILED_PROCESSOR, value -> value);
        int threshold = parameters.optional(CIRCUIT_BREAKER_THRESHOLD, MailetParameters::nonNegative, DEFAULT_CIRCUIT_BREAKER_THRESHOLD);

        MailQueue queue = queueFactory.<MailQueue>map(factory -> factory.createQueue(queueName)).orElseGet(() -> new InMemoryMailQueue(queueName));
        notifier = new PushNotifier(endpoint, method, timeout, tls, metrics);
        breaker = new CircuitBreaker(threshold, endpoint.toString());
        retries = new RetryQueue(queue, policy, new DeadLetters(getMailetContext(), failedProcessor, metrics, endpoint.toString()),
            metrics, endpoint.toString());
        worker = new RetryWorker(retries, notifier, breaker);
        worker.start();
        LOGGER.info("{} notifies {} with {} (timeout {} ms); retries on {} queue '{}': {}; given up on: {}; circuit breaker: {}",
            NAME, endpoint, method, timeout.toMillis(), queueFactory.isPresent() ? "James's" : "the in-memory (not durable)",
            queueName.asString(), policy, failedProcessor.map(processor -> "processor " + processor).orElse("logged only"),
            threshold == 0 ? "off" : "opens after " + threshold + " failures in a row");
    }

    @Override
    public void service(Mail mail) {
        try {
            List<NotificationTarget> targets = NotificationTarget.of(mail, accounts, folders);
            if (targets.isEmpty()) {
                return;
            }
            byte[] message = RawMessage.bytesOf(mail);
            if (!breaker.allowsInlineAttempts()) {
                retries.withoutAttempt(targets, failed -> pending(mail, failed, message, 0, "circuit open"));
                return;
            }
            List<PushOutcome> outcomes = notifier.send(Notification.forEach(targets, new PushPayload(message)));
            breaker.record(outcomes, CircuitBreaker.Permit.CLOSED);
            retries.afterAttempt(targets, 1, outcomes, failed -> pending(mail, failed, message, 1, "first attempt"));
        } catch (Exception e) {
            // Whatever went wrong, the mail is delivered: a notification is never worth a lost mail.
            LOGGER.error("{}: no notification for mail {}: {}", NAME, mail.getName(), e.toString());
        }
    }

    private static Mail pending(Mail mail, List<NotificationTarget> targets, byte[] message, int attempts, String reason)
            throws MessagingException {
        return PendingNotification.create(mail.getName(), mail.getMaybeSender(), targets, message, attempts, reason);
    }

    /** Stops the retries (those in flight end within the timeout), then the HTTP client. */
    @Override
    public void destroy() {
        if (worker != null) {
            worker.close();
        }
        if (notifier != null) {
            notifier.close();
        }
        if (retries != null && retries.queue() instanceof InMemoryMailQueue) {
            ((InMemoryMailQueue) retries.queue()).close();
        }
    }

    @Override
    public String getMailetInfo() {
        return NAME;
    }
}
