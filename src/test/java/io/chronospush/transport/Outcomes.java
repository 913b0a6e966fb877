package io.chronospush.transport;

import java.time.Duration;

import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicHttpResponse;

/** Outcomes as the notifier makes them from an endpoint's answer, for the tests of what follows an attempt. */
public final class Outcomes {
    private static final Endpoint WITH_CREDENTIALS = Endpoint.parse("http://chronos:secret@ox.example.com/chronos/v1/itip/pushmail");
    private Outcomes() {
    }

    public static PushOutcome answered(int status) {
        return PushOutcome.of(new AnswerConsumer.Answer(new BasicHttpResponse(status), "", false), WITH_CREDENTIALS);
    }

    public static PushOutcome accepted() {
        return answered(200);
    }

    /** A 503 asking to come back after {@code wait}. */
    public static PushOutcome retryAfter(Duration wait) {
        BasicHttpResponse response = new BasicHttpResponse(503);
        response.addHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait.toSeconds()));
        return PushOutcome.of(new AnswerConsumer.Answer(response, "", false), WITH_CREDENTIALS);
    }

    /** No answer within the timeout: worth another try. */
    public static PushOutcome noAnswer() {
        return PushOutcome.timedOut(Duration.ofSeconds(2));
    }
}
