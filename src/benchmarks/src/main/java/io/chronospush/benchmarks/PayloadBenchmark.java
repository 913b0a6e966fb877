package io.chronospush.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.chronospush.payload.PushDocument;
import io.chronospush.payload.PushPayload;
import io.chronospush.testing.Messages;

/**
 * Building one notification's JSON, against the obvious Jackson path (the body decoded to a
 * String, then {@code writeStringField}) and against a bare UTF-8 decode of the same bytes.
 * The body is a real invitation repeated to the size; {@code latin1} turns its German
 * characters into ISO-8859-1 bytes, malformed UTF-8 that must become U+FFFD.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PayloadBenchmark {
    private static final String INVITATION = "corpus/positive/thunderbird_lightning_request_de.eml";
    private static final JsonFactory JSON = new JsonFactory();
    private static final String USER = "bob@example.com";
    private static final String FOLDER = "INBOX";

    @Param({"10240", "102400", "1048576"})
    public int size;

    @Param({"utf8", "latin1"})
    public String encoding;

    private byte[] body;

    @Setup
    public void setUp() {
        String invitation = new String(Messages.bytes(INVITATION), StandardCharsets.UTF_8).replace('\uFFFD', '?') + "Grüße aus Köln" + BenchmarkMails.CRLF;
        byte[] unit = invitation.getBytes(encoding.equals("utf8") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        body = new byte[size];
        for (int at = 0; at < size; at += unit.length) {
            System.arraycopy(unit, 0, body, at, Math.min(unit.length, size - at));
        }
    }

    @Benchmark
    public PushDocument pushPayload() {
        return new PushPayload(body).forRecipient(USER, FOLDER);
    }

    @Benchmark
    public byte[] obviousJackson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("user", USER);
            json.writeStringField("event", PushPayload.EVENT);
            json.writeStringField("folder", FOLDER);
            json.writeStringField("body", new String(body, StandardCharsets.UTF_8));
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /** The floor: a bare UTF-8 decode of the body. */
    @Benchmark
    public String utf8Decode() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
