package io.chronospush.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What each answer and each failure means, without a server: the decision the retries rest on. */
class PushOutcomeTest {
    private static final Endpoint WITH_CREDENTIALS = Endpoint.parse("https://chronos:secret@ox.example.com/chronos/v1/itip/pushmail");
    private static final Endpoint WITHOUT_CREDENTIALS = Endpoint.parse("https://ox.example.com/chronos/v1/itip/pushmail");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static PushOutcome answer(int status, String body) {
        return PushOutcome.of(new AnswerConsumer.Answer(new BasicHttpResponse(status), body, false), WITH_CREDENTIALS);
    }

    private static PushOutcome failure(Exception failure) {
        return PushOutcome.of(failure, WITH_CREDENTIALS, TIMEOUT);
    }

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "200|ACCEPTED |accepted",
        "202|ACCEPTED |accepted",
        "204|ACCEPTED |accepted",
        "400|REJECTED |bad payload",
        "401|REJECTED |wrong credentials",
        "403|REJECTED |OX has no REST credentials configured",
        "404|REJECTED |check the path of the 'url' parameter",
        "405|REJECTED |OX accepts PUT only",
        "307|REJECTED |unexpected answer",
        "409|REJECTED |unexpected answer",
        "408|RETRYABLE|timed out reading the request",
        "429|RETRYABLE|too many requests",
        "500|RETRYABLE|server error",
        "502|RETRYABLE|server error",
        "503|RETRYABLE|service unavailable",
    })
    void eachStatusMeansWhatOxMeansByIt(int status, PushOutcome.Kind kind, String meaning) {
        PushOutcome outcome = answer(status, "");

        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.description()).startsWith("HTTP " + status + ": ").contains(meaning);
        assertThat(outcome.isAccepted()).isEqualTo(kind == PushOutcome.Kind.ACCEPTED);
        assertThat(outcome.isRetryable()).isEqualTo(kind == PushOutcome.Kind.RETRYABLE);
    }

    @Test
    void aRefusalWithoutCredentialsSaysTheyAreRequired() {
        PushOutcome outcome = PushOutcome.of(new AnswerConsumer.Answer(new BasicHttpResponse(401), "", false), WITHOUT_CREDENTIALS);

        assertThat(outcome.description()).startsWith("HTTP 401: credentials required");
    }

    @Test
    void quotesWhatTheEndpointSaid() {
        assertThat(answer(500, "{\"error\":\"database down\"}").description()).endsWith(" OX said: {\"error\":\"database down\"}");
        assertThat(answer(500, "   ").description()).doesNotContain("OX said");
    }

    @Test
    void retryAfterInSecondsIsKept() {
        BasicHttpResponse response = new BasicHttpResponse(503);
        response.addHeader(HttpHeaders.RETRY_AFTER, "120");

        PushOutcome outcome = PushOutcome.of(new AnswerConsumer.Answer(response, "", false), WITH_CREDENTIALS);

        assertThat(outcome.retryAfter()).contains(Duration.ofMinutes(2));
        assertThat(outcome.description()).contains("(Retry-After: 120)");
    }

    @Test
    void retryAfterAsADateIsTheTimeUntilThen() {
        BasicHttpResponse response = new BasicHttpResponse(429);
        response.addHeader(HttpHeaders.RETRY_AFTER, DateUtils.formatStandardDate(Instant.now().plus(Duration.ofHours(1))));

        Duration wait = PushOutcome.of(new AnswerConsumer.Answer(response, "", false), WITH_CREDENTIALS).retryAfter().orElseThrow();

        assertThat(wait).isBetween(Duration.ofMinutes(55), Duration.ofHours(1));
    }

    @Test
    void anUnreadableRetryAfterIsIgnored() {
        BasicHttpResponse response = new BasicHttpResponse(503);
        response.addHeader(HttpHeaders.RETRY_AFTER, "soon");

        assertThat(PushOutcome.of(new AnswerConsumer.Answer(response, "", false), WITH_CREDENTIALS).retryAfter()).isEmpty();
    }

    @Test
    void noConnectionIsWorthAnotherTry() {
        assertThat(failure(new ConnectException("Connection refused")))
            .satisfies(outcome -> assertThat(outcome.isRetryable()).isTrue())
            .hasToString("cannot connect: Connection refused");
        assertThat(failure(new UnknownHostException("ox.example.com")).isRetryable()).isTrue();
        assertThat(failure(new SocketTimeoutException("Read timed out"))).hasToString("no answer within 2000 ms");
        assertThat(failure(new ExecutionException(new java.io.IOException("Connection reset"))).description())
            .startsWith("connection failure: java.io.IOException: Connection reset");
    }

    @Test
    void aTlsFailureIsPermanentAndSaysWhy() {
        PushOutcome untrusted = failure(new SSLHandshakeException("PKIX path building failed"));
        SSLHandshakeException expired = new SSLHandshakeException("validity check failed");
        expired.initCause(new CertificateExpiredException("NotAfter: Mon Nov 30 10:00:00 UTC 2026"));

        assertThat(untrusted.isRetryable()).isFalse();
        assertThat(untrusted.isAccepted()).isFalse();
        assertThat(untrusted.description()).startsWith(PushOutcome.TLS_FAILURE).contains("give that CA in the 'caFile' parameter");
        assertThat(failure(expired).description()).contains("the endpoint's certificate has expired: NotAfter");
        assertThat(failure(new SSLPeerUnverifiedException("no match")).description())
            .contains("the endpoint's certificate is not for the host in the 'url' parameter");
        assertThat(failure(new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message")).description())
            .contains("the endpoint does not speak TLS on port 443");
    }

    @Test
    void aShutdownIsNeitherSentNorRetried() {
        PushOutcome stopped = PushOutcome.stopped();

        assertThat(stopped.isAccepted()).isFalse();
        assertThat(stopped.isRetryable()).isFalse();
    }
}
