package io.chronospush.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;

/**
 * What one attempt came to, and what it means for an operator, in the terms of OX App Suite's
 * {@code /chronos/v1/itip/pushmail}: 200 accepted, 400 bad payload, 401 wrong credentials,
 * 403 no REST credentials configured on OX... The descriptions are the log lines' "because".
 */
public final class PushOutcome {
    public static final String TLS_FAILURE = "TLS failure";
    /** JSSE's messages for bytes that are no TLS record (SSLEngine, then SSLSocket). */
    private static final String PLAINTEXT = "plaintext connection?";
    private static final String UNRECOGNIZED = "Unsupported or unrecognized SSL message";
    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;

    public enum Kind {
        /** 2xx: OX took the notification. */
        ACCEPTED,
        /** Worth trying again later: no connection, no answer in time, 408, 429 or 5xx. */
        RETRYABLE,
        /** Another try would fail the same way until the configuration changes. */
        REJECTED
    }

    private final Kind kind;
    private final int status;
    private final String description;
    private final Optional<Duration> retryAfter;

    private PushOutcome(Kind kind, int status, String description, Optional<Duration> retryAfter) {
        this.kind = kind;
        this.status = status;
        this.description = description;
        this.retryAfter = retryAfter;
    }

    /** What the endpoint answered, its words quoted through the endpoint's {@link UntrustedText}. */
    static PushOutcome of(AnswerConsumer.Answer answer, Endpoint endpoint) {
        HttpResponse head = answer.head;
        int status = head.getCode();
        boolean sentCredentials = endpoint.authorization().isPresent();
        UntrustedText words = endpoint.untrustedText();
        String said = answer.bodyStart.isBlank() ? "" : " OX said: " + words.quote(answer.bodyStart, answer.cut);
        if (status >= 200 && status < 300) {
            return new PushOutcome(Kind.ACCEPTED, status, "HTTP " + status + ": accepted", Optional.empty());
        }
        switch (status) {
            case HttpStatus.SC_BAD_REQUEST:
                return rejected(status, "bad payload: the endpoint refused the JSON (OX requires 'body' and 'folder',"
                    + " and takes 'event' MessageNew in any case)." + said);
            case HttpStatus.SC_UNAUTHORIZED:
                return rejected(status, (sentCredentials ? "wrong credentials" : "credentials required") + challenge(head, words)
                    + ": the 'url' parameter must carry login:password equal to com.openexchange.rest.services.basic-auth.login"
                    + " and com.openexchange.rest.services.basic-auth.password on the OX server");
            case HttpStatus.SC_FORBIDDEN:
                return rejected(status, "forbidden: OX has no REST credentials configured; set"
                    + " com.openexchange.rest.services.basic-auth.login and com.openexchange.rest.services.basic-auth.password"
                    + " on the OX server, and put the same login:password in the 'url' parameter." + said);
            case HttpStatus.SC_NOT_FOUND:
                return rejected(status, "not found: check the path of the 'url' parameter (OX serves /chronos/v1/itip/pushmail)"
                    + " and that the OX chronos REST service is installed." + said);
            case HttpStatus.SC_METHOD_NOT_ALLOWED:
                return rejected(status, "method not allowed: OX accepts PUT only; remove the 'method' parameter or set it to PUT.");
            case HttpStatus.SC_REQUEST_TIMEOUT:
                return retryable(status, "the endpoint timed out reading the request", head, words, said);
            case HttpStatus.SC_TOO_MANY_REQUESTS:
                return retryable(status, "too many requests", head, words, said);
            default:
                if (status >= 500) {
                    return retryable(status, status == HttpStatus.SC_SERVICE_UNAVAILABLE ? "service unavailable" : "server error", head, words,
                        said);
                }
                return rejected(status, "unexpected answer." + said);
        }
    }

    private static PushOutcome retryable(int status, String what, HttpResponse head, UntrustedText words, String said) {
        return new PushOutcome(Kind.RETRYABLE, status, "HTTP " + status + ": " + what
            + header(head, HttpHeaders.RETRY_AFTER).map(value -> " (Retry-After: " + words.quote(value) + ")").orElse("") + "." + said,
            retryAfter(head));
    }

    /**
     * No answer, or none HttpClient could read. The failure's message is quoted as the endpoint's
     * words: HttpClient's parse errors quote the line they could not read.
     */
    static PushOutcome of(Exception failure, Endpoint endpoint, Duration timeout) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof IOException)) {
            cause = cause.getCause();
        }
        UntrustedText words = endpoint.untrustedText();
        if (cause instanceof SSLException) {
            return new PushOutcome(Kind.REJECTED, 0, TLS_FAILURE + ": " + said(cause, words) + tlsProblem(cause, endpoint), Optional.empty());
        }
        if (cause instanceof UnknownHostException) {
            return new PushOutcome(Kind.RETRYABLE, 0, "unknown host " + said(cause, words), Optional.empty());
        }
        if (cause instanceof ConnectException) {
            return new PushOutcome(Kind.RETRYABLE, 0, "cannot connect: " + said(cause, words), Optional.empty());
        }
        if (cause instanceof SocketTimeoutException) {
            return timedOut(timeout);
        }
        return new PushOutcome(Kind.RETRYABLE, 0, "connection failure: " + words.quote(cause.toString()), Optional.empty());
    }

    private static String said(Throwable failure, UntrustedText words) {
        return words.quote(String.valueOf(failure.getMessage()));
    }

    /**
     * What the handshake's failure means, from the innermost cause that says it: the JSSE message
     * alone ("validity check failed") does not tell an expired certificate from an untrusted one.
     */
    private static String tlsProblem(Throwable failure, Endpoint endpoint) {
        UntrustedText words = endpoint.untrustedText();
        if (notTls(failure)) {
            return " (the endpoint does not speak TLS on port " + port(endpoint) + ": is the 'url' meant to be http://, or is the port wrong?)";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException) {
                return " (the endpoint's certificate has expired: " + said(cause, words) + "; renew it on the endpoint)";
            }
            if (cause instanceof CertificateNotYetValidException) {
                return " (the endpoint's certificate is not valid yet: " + said(cause, words) + "; check the clocks)";
            }
            if (cause instanceof SSLPeerUnverifiedException) {
                return " (the endpoint's certificate is not for the host in the 'url' parameter)";
            }
        }
        return " (for a certificate from an internal CA, give that CA in the 'caFile' parameter)";
    }

    /**
     * Whether the first bytes the endpoint sent were no TLS record: most often a plain-HTTP
     * server's answer ("400 Bad Request") to the handshake. JSSE has no exception class for it,
     * only a plain SSLException whose message says so, in the same words since JDK 11.
     */
    private static boolean notTls(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains(PLAINTEXT) || message.contains(UNRECOGNIZED);
    }

    private static int port(Endpoint endpoint) {
        int port = endpoint.uri().getPort();
        return port != -1 ? port : "https".equals(endpoint.uri().getScheme()) ? HTTPS_PORT : HTTP_PORT;
    }

    static PushOutcome timedOut(Duration limit) {
        return new PushOutcome(Kind.RETRYABLE, 0, "no answer within " + limit.toMillis() + " ms", Optional.empty());
    }

    /** Cut off before any of the request went out: no connection could be had in time. */
    static PushOutcome notSent(Duration limit) {
        return new PushOutcome(Kind.RETRYABLE, 0, "no connection within " + limit.toMillis() + " ms (connecting, resolving the host"
            + " or waiting for one of the " + PushClient.MAX_CONNECTIONS + " pooled connections took too long)", Optional.empty());
    }

    static PushOutcome stopped() {
        return new PushOutcome(Kind.REJECTED, 0, "not sent: the mailet is shutting down", Optional.empty());
    }

    private static PushOutcome rejected(int status, String description) {
        return new PushOutcome(Kind.REJECTED, status, "HTTP " + status + ": " + description, Optional.empty());
    }

    private static String challenge(HttpResponse head, UntrustedText words) {
        return header(head, HttpHeaders.WWW_AUTHENTICATE)
            .map(value -> " (WWW-Authenticate: " + words.quote(value) + ")")
            .orElse("");
    }

    private static Optional<String> header(HttpResponse head, String name) {
        return Optional.ofNullable(head.getFirstHeader(name)).map(Header::getValue);
    }

    private static Optional<Duration> retryAfter(HttpResponse head) {
        return header(head, HttpHeaders.RETRY_AFTER)
            .flatMap(value -> {
                try {
                    return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
                } catch (NumberFormatException notSeconds) {
                    return httpDate(value);
                }
            });
    }

    private static Optional<Duration> httpDate(String value) {
        Instant when = DateUtils.parseStandardDate(value.trim());
        return Optional.ofNullable(when).map(instant -> Duration.between(Instant.now(), instant))
            .map(wait -> wait.isNegative() ? Duration.ZERO : wait);
    }

    public boolean isAccepted() {
        return kind == Kind.ACCEPTED;
    }

    public boolean isRetryable() {
        return kind == Kind.RETRYABLE;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
