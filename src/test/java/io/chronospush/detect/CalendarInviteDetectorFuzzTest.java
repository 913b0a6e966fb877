package io.chronospush.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import io.chronospush.testing.FuzzedMessages;

/**
 * Fuzzes the detector with mutated corpus mails (see {@link FuzzedMessages}): whatever the bytes,
 * it answers true or false, never throws, never overflows the stack, and answers within
 * {@link #PER_INPUT_BOUND}. The number of inputs is jqwik's {@code jqwik.tries.default}, which the
 * build sets from {@code -Dfuzz.tries} (2000 unless given). The slowest input is printed at the end.
 */
class CalendarInviteDetectorFuzzTest {
    static final Duration PER_INPUT_BOUND = Duration.ofSeconds(5);

    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong SLOWEST_NANOS = new AtomicLong();
    private static final AtomicReference<String> SLOWEST = new AtomicReference<>("none");

    private final CalendarInviteDetector detector = new CalendarInviteDetector();

    @BeforeContainer
    static void warmUp() throws IOException {
        // Class loading and the first JIT passes are not the inputs' doing.
        CalendarInviteDetector detector = new CalendarInviteDetector();
        for (int round = 0; round < 20; round++) {
            detector.hasCalendarInvite(new ByteArrayInputStream("Content-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\n".getBytes()));
        }
    }

    @AfterContainer
    static void reportSlowestInput() {
        System.out.printf("CalendarInviteDetectorFuzzTest: %d inputs, slowest %.1f ms: %s%n",
            INPUTS.get(), SLOWEST_NANOS.get() / 1e6, SLOWEST.get());
    }

    @Provide
    Arbitrary<FuzzedMessages.Input> mails() {
        return FuzzedMessages.mutatedCorpusMails();
    }

    @Property
    void answersEveryMessageWithinTheBoundWithoutThrowing(@ForAll("mails") FuzzedMessages.Input mail) throws IOException {
        byte[] message = mail.bytes();

        long start = System.nanoTime();
        boolean answer = detector.hasCalendarInvite(new ByteArrayInputStream(message));
        long took = System.nanoTime() - start;

        record(took, mail);
        assertThat(Duration.ofNanos(took)).as("%s", mail).isLessThan(PER_INPUT_BOUND);
        Statistics.label("calendar found").collect(answer);
        // The inputs reach both answers, or the fuzzing would only prove that one path never throws.
        Statistics.label("calendar found").coverage(coverage -> {
            coverage.check(true).percentage(percent -> percent > 5);
            coverage.check(false).percentage(percent -> percent > 5);
        });
    }

    private static void record(long took, FuzzedMessages.Input mail) {
        INPUTS.incrementAndGet();
        if (took > SLOWEST_NANOS.get()) {
            synchronized (SLOWEST) {
                if (took > SLOWEST_NANOS.get()) {
                    SLOWEST_NANOS.set(took);
                    SLOWEST.set(mail.toString());
                }
            }
        }
    }
}
