package io.chronospush.status;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.chronospush.retry.CircuitBreaker;

/**
 * The JSON answers of webadmin's {@code /chronos-push} routes, written with the jar's own
 * Jackson: they hold what {@link MailetSnapshot} and {@link Counts} hold, so no secret.
 */
public final class StatusJson {
    static final String NOT_COUNTED = "not counted";
    /** Where James's webadmin lists the mail repositories, the failedProcessor's among them. */
    static final String MAIL_REPOSITORIES = "/mailRepositories";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private StatusJson() {
    }

    /** {@code GET /chronos-push}: each running mailet, and the counters since start. */
    public static String status(List<MailetSnapshot> mailets, Counts counts) {
        return write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("mailets");
            for (MailetSnapshot mailet : mailets) {
                mailet(json, mailet);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("sinceStart");
            json.writeNumberField("matched", counts.matched());
            json.writeNumberField("skippedOverSize", counts.skippedOverSize());
            json.writeNumberField("sent", counts.sent());
            json.writeNumberField("retried", counts.retried());
            json.writeNumberField("deadLettered", counts.deadLettered());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static void mailet(JsonGenerator json, MailetSnapshot mailet) throws IOException {
        json.writeStartObject();
        json.writeStringField("endpoint", mailet.endpoint());
        json.writeStringField("method", mailet.method());
        json.writeNumberField("timeoutMs", mailet.timeout().toMillis());
        json.writeStringField("retryPolicy", mailet.retryPolicy());
        CircuitBreaker.State circuit = mailet.circuit();
        json.writeObjectFieldStart("circuit");
        json.writeStringField("state", circuit.isOpen() ? "open" : "closed");
        json.writeNumberField("threshold", circuit.threshold());
        json.writeNumberField("attemptsFailedInARow", circuit.attemptsFailedInARow());
        json.writeEndObject();
        json.writeArrayFieldStart("pendingRetries");
        for (QueueCount queue : mailet.pending()) {
            json.writeStartObject();
            json.writeStringField("queue", queue.queue());
            if (queue.pending().isPresent()) {
                json.writeNumberField("pending", queue.pending().getAsLong());
            } else {
                json.writeStringField("pending", NOT_COUNTED);
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("deadLetters");
        Optional<String> processor = mailet.failedProcessor();
        if (processor.isPresent()) {
            json.writeStringField("failedProcessor", processor.get());
            json.writeStringField("list", "GET " + MAIL_REPOSITORIES + " for the repository of processor " + processor.get()
                + ", then GET " + MAIL_REPOSITORIES + "/{encodedUrl}/mails");
            json.writeStringField("replay", "PATCH " + MAIL_REPOSITORIES + "/{encodedUrl}/mails?action=reprocess&queue="
                + mailet.retryQueue());
        } else {
            json.writeStringField("failedProcessor", "none: notifications given up on are only logged");
        }
        json.writeEndObject();
        Optional<CircuitBreaker.Failure> failure = circuit.lastFailure();
        if (failure.isPresent()) {
            json.writeObjectFieldStart("lastFailure");
            json.writeStringField("at", failure.get().at().toString());
            json.writeStringField("reason", failure.get().reason());
            json.writeEndObject();
        } else {
            json.writeNullField("lastFailure");
        }
        json.writeEndObject();
    }

    /** {@code POST /chronos-push/check}: what the one notification came to. */
    public static String checked(String outcome, boolean accepted, int status, String endpoint, String user, String folder,
                                 boolean lineEndsNormalised) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("outcome", outcome);
            json.writeBooleanField("accepted", accepted);
            json.writeNumberField("httpStatus", status);
            json.writeStringField("endpoint", endpoint);
            json.writeStringField("user", user);
            json.writeStringField("folder", folder);
            json.writeBooleanField("lineEndsNormalised", lineEndsNormalised);
            json.writeEndObject();
        });
    }

    /** An error, in the shape of webadmin's own: {@code {"statusCode": 400, "type": "InvalidArgument", "message": "..."}}. */
    public static String error(int status, String type, String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("statusCode", status);
            json.writeStringField("type", type);
            json.writeStringField("message", message);
            json.writeEndObject();
        });
    }

    private interface Writing {
        void to(JsonGenerator json) throws IOException;
    }

    private static String write(Writing writing) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            writing.to(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
