package io.chronospush;

import java.io.Closeable;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chronospush.address.AccountResolver;
import io.chronospush.address.DeliveryFolder;
import io.chronospush.address.NotificationTarget;
import io.chronospush.config.ChronosPushConfiguration;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.payload.PushPayload;
import io.chronospush.retry.CircuitBreaker;
import io.chronospush.retry.DeadLetters;
import io.chronospush.retry.FollowUp;
import io.chronospush.retry.PendingNotification;
import io.chronospush.retry.RetryQueues;
import io.chronospush.retry.RetryWorker;
import io.chronospush.status.PushStatus;
import io.chronospush.status.RunningMailet;
import io.chronospush.transport.Notification;
import io.chronospush.transport.PushNotifier;
import io.chronospush.transport.PushOutcome;

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
 * The parameters are those of {@link ChronosPushConfiguration}.
 *
 * <p>Each notification gets one inline attempt, cut off at {@code timeout}; the mail itself is
 * never changed, and the endpoint cannot fail it. A refused connection, a time-out, 408, 429 or
 * 5xx puts the notification on the retry queue, James's own {@code MailQueue}, where
 * {@link RetryWorker} takes it up again: as durable as James's queues are, and shared by a
 * cluster. Other answers are permanent and go to the {@code failedProcessor} at once.
 *
 * <p>From {@code init()} to {@code destroy()} it is registered with {@link PushStatus}, which
 * {@link ChronosPushHealthCheck} and {@link ChronosPushRoutes} read.
 */
public class ChronosPushNotification extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ChronosPushNotification.class);

    private final AccountResolver accounts;
    private final MailQueueFactory<?> queueFactory;
    private final PushMetrics metrics;
    private final PushStatus status;
    private final Clock clock;
    private final DeliveryFolder folders = new DeliveryFolder();
    private ChronosPushConfiguration configuration;
    private LogContext logContext;
    private PushNotifier notifier;
    private CircuitBreaker breaker;
    private FollowUp followUp;
    private RetryWorker worker;
    private RunningMailet running;

    @Inject
    public ChronosPushNotification(UsersRepository usersRepository, MailQueueFactory<?> queueFactory, PushStatus status) {
        this(AccountResolver.using(usersRepository), queueFactory, status, Clock.systemUTC());
    }

    ChronosPushNotification(AccountResolver accounts, MailQueueFactory<?> queueFactory, PushStatus status, Clock clock) {
        this.accounts = accounts;
        this.queueFactory = queueFactory;
        this.metrics = status.metrics();
        this.status = status;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(ChronosPushConfiguration.PARAMETERS);
        configuration = ChronosPushConfiguration.from(getMailetConfig());
        logContext = new LogContext(configuration.endpoint());
        notifier = new PushNotifier(configuration.endpoint(), configuration.method(), configuration.timeout(), configuration.tls(), metrics);
        breaker = new CircuitBreaker(configuration.circuitBreakerThreshold(), clock);
        RetryQueues queues = RetryQueues.take(queueFactory, configuration.retryQueue(), configuration.retryPolicy(),
            RetryWorker.HELD_PER_QUEUE);
        DeadLetters deadLetters = new DeadLetters(getMailetContext(), configuration.failedProcessor(), metrics);
        followUp = new FollowUp(queues, configuration.retryPolicy(), deadLetters, metrics, clock);
        worker = new RetryWorker(queues, followUp, deadLetters, notifier, breaker, logContext, clock);
        worker.start();
        running = new RunningMailet(configuration, breaker, queues);
        status.register(running);
        LOGGER.info("{}", configuration);
    }

    /** The {@code failedProcessor}: James refuses to start when no processor has its name. */
    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return configuration.failedProcessor()
            .<Collection<ProcessingState>>map(processor -> List.of(new FailedProcessor(processor)))
            .orElse(List.of());
    }

    @Override
    public void service(Mail mail) {
        try (Closeable context = logContext.forMail(mail.getName())) {
            notify(mail);
        } catch (Exception e) {
            // Whatever went wrong, the mail is delivered: a notification is never worth a lost mail.
            LOGGER.error("{}: no notification for mail {}: {}", ChronosPushConfiguration.MAILET_NAME, mail.getName(), e.toString());
        }
    }

    private void notify(Mail mail) throws Exception {
        List<NotificationTarget> targets = NotificationTarget.of(mail, accounts, folders);
        if (targets.isEmpty()) {
            return;
        }
        PendingNotification pending = PendingNotification.of(mail.getName(), mail.getMaybeSender(), targets, RawMessage.bytesOf(mail));
        if (!breaker.allowsInlineAttempts()) {
            followUp.withoutAttempt(pending);
            return;
        }
        PendingNotification tried = pending.attempted();
        List<PushOutcome> outcomes = notifier.send(Notification.forEach(targets, new PushPayload(tried.message())));
        breaker.record(outcomes, CircuitBreaker.Permit.CLOSED);
        followUp.afterFirstAttempt(tried, outcomes);
    }

    /**
     * Leaves {@link PushStatus} (webadmin, the health check), stops the retries (those in flight
     * end within the timeout), offers what waits in memory for the queue to it once more (else it
     * becomes a dead letter), then stops the HTTP client.
     */
    @Override
    public void destroy() {
        if (running != null) {
            status.unregister(running);
        }
        if (worker != null) {
            worker.close();
        }
        if (followUp != null) {
            followUp.close();
        }
        if (notifier != null) {
            notifier.close();
        }
    }

    @Override
    public String getMailetInfo() {
        return ChronosPushConfiguration.MAILET_NAME;
    }

    /** Names the parameter in James's start-up error: "undefined processors: [x (the 'failedProcessor' parameter ...)]". */
    private static final class FailedProcessor extends ProcessingState {
        FailedProcessor(String processor) {
            super(processor);
        }

        @Override
        public String toString() {
            return getValue() + " (the '" + ChronosPushConfiguration.FAILED_PROCESSOR + "' parameter of "
                + ChronosPushConfiguration.MAILET_NAME + ")";
        }
    }
}
