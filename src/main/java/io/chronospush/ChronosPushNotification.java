package io.chronospush;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.net.ssl.SSLContext;

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
import io.chronospush.payload.PushPayload;
import io.chronospush.transport.Endpoint;
import io.chronospush.transport.Notification;
import io.chronospush.transport.PushNotifier;
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
 * </mailet>
 * }</pre>
 *
 * <p>Parameters: {@code url} (required; its {@code login:password} becomes HTTP Basic
 * authentication), {@code timeout} (default 2s), {@code method} (PUT or POST, default PUT),
 * {@code caFile} (a PEM bundle or PKCS12/JKS trust store of CAs to trust besides the JVM's) and
 * {@code caFilePassword}.
 *
 * <p>The mail itself is never changed, and the endpoint cannot fail it: refusals, time-outs and
 * error answers are logged, and delivery goes on within twice the timeout.
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
    private static final Set<String> PARAMETERS = Set.of(URL, TIMEOUT, METHOD, CA_FILE, CA_FILE_PASSWORD);

    private final AccountResolver accounts;
    private final DeliveryFolder folders = new DeliveryFolder();
    private PushNotifier notifier;

    /** Without Guice: the account name is the recipient's full address, as with virtual hosting. */
    public ChronosPushNotification() {
        this(AccountResolver.fullAddress());
    }

    @Inject
    public ChronosPushNotification(UsersRepository usersRepository) {
        this(AccountResolver.using(usersRepository));
    }

    ChronosPushNotification(AccountResolver accounts) {
        this.accounts = accounts;
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
        notifier = new PushNotifier(endpoint, method, timeout, tls);
        LOGGER.info("{} notifies {} with {} (timeout {} ms, at most {} ms per mail)",
            NAME, endpoint, method, timeout.toMillis(), notifier.deliveryBound().toMillis());
    }

    @Override
    public void service(Mail mail) {
        try {
            List<NotificationTarget> targets = NotificationTarget.of(mail, accounts, folders);
            if (targets.isEmpty()) {
                return;
            }
            PushPayload payload = new PushPayload(RawMessage.bytesOf(mail));
            notifier.send(targets.stream()
                .map(target -> new Notification(target, payload.forRecipient(target.user(), target.folder())))
                .collect(Collectors.toList()));
        } catch (Exception e) {
            // Whatever went wrong, the mail is delivered: a notification is never worth a lost mail.
            LOGGER.error("{}: no notification for mail {}: {}", NAME, mail.getName(), e.toString());
        }
    }

    @Override
    public void destroy() {
        if (notifier != null) {
            notifier.close();
        }
    }

    @Override
    public String getMailetInfo() {
        return NAME;
    }
}
