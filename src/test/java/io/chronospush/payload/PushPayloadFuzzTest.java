package io.chronospush.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chronospush.testing.FuzzedMessages;

/**
 * Fuzzes the payload builder with mutated corpus mails and with short soups of UTF-8 edge bytes
 * (see {@link FuzzedMessages}), for any {@code user} and {@code folder} strings (lone surrogates
 * included): the document parses back with Jackson into exactly the four fields, the body is
 * {@code new String(message, UTF_8)} (malformed bytes as U+FFFD), and each input is done within
 * {@link #PER_INPUT_BOUND}. Tries as in {@code CalendarInviteDetectorFuzzTest} ({@code -Dfuzz.tries}).
 */
class PushPayloadFuzzTest {
    static final Duration PER_INPUT_BOUND = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong SLOWEST_NANOS = new AtomicLong();
    private static final AtomicReference<String> SLOWEST = new AtomicReference<>("none");

    @AfterContainer
    static void reportSlowestInput() {
        System.out.printf("PushPayloadFuzzTest: %d inputs, slowest %.1f ms: %s%n",
            INPUTS.get(), SLOWEST_NANOS.get() / 1e6, SLOWEST.get());
    }

    @Provide
    Arbitrary<FuzzedMessages.Input> messages() {
        return Arbitraries.oneOf(FuzzedMessages.mutatedCorpusMails(), FuzzedMessages.byteSoup());
    }

    /** Any UTF-16 units, lone surrogates and control characters included. */
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(40);
    }

    @Property
    void documentParsesBackToTheMessageDecodedAsUtf8(@ForAll("messages") FuzzedMessages.Input input,
                                                     @ForAll("names") String user, @ForAll("names") String folder) throws IOException {
        byte[] message = input.bytes();

        long start = System.nanoTime();
        PushDocument document = new PushPayload(message).forRecipient(user, folder);
        JsonNode json = JSON.readTree(document.toByteArray());
        long took = System.nanoTime() - start;

        record(took, input);
        assertThat(json.fieldNames()).toIterable().containsExactly("user", "event", "folder", "body");
        assertThat(json.get("user").asText()).isEqualTo(user);
        assertThat(json.get("event").asText()).isEqualTo(PushPayload.EVENT);
        assertThat(json.get("folder").asText()).isEqualTo(folder);
        assertThat(json.get("body").asText()).as("%s", input).isEqualTo(new String(message, StandardCharsets.UTF_8));
        assertThat(Duration.ofNanos(took)).as("%s", input).isLessThan(PER_INPUT_BOUND);
    }

    private static void record(long took, FuzzedMessages.Input input) {
        INPUTS.incrementAndGet();
        if (took > SLOWEST_NANOS.get()) {
            synchronized (SLOWEST) {
                if (took > SLOWEST_NANOS.get()) {
                    SLOWEST_NANOS.set(took);
                    SLOWEST.set(input.toString());
                }
            }
        }
    }
}
