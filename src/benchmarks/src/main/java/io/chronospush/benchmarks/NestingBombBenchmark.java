package io.chronospush.benchmarks;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.transport.matchers.HasMimeTypeAnySubPart;
import org.apache.mailet.base.test.FakeMatcherConfig;
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

import io.chronospush.HasCalendarInvite;
import io.chronospush.status.PushStatus;
import io.chronospush.testing.HostileMime;

/**
 * HasCalendarInvite and James's {@code HasMimeTypeAnySubPart=text/calendar} on messages built to
 * hurt a MIME walker, with a calendar part beyond the caps: 3,000 nested multiparts, 3,000 nested
 * message/rfc822 entities, 20,000 parts. HasMimeTypeAnySubPart recurses on the Java stack once
 * per multipart level: on the first bomb, what is measured is the time it takes to die of a
 * {@link StackOverflowError}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class NestingBombBenchmark {
    @Param({"multiparts3000", "messages3000", "parts20000"})
    public String bomb;

    private byte[] message;
    private HasCalendarInvite hasCalendarInvite;
    private HasMimeTypeAnySubPart hasMimeTypeAnySubPart;

    @Setup
    public void setUp() throws MessagingException {
        message = bombOf(bomb);
        hasCalendarInvite = new HasCalendarInvite(new PushStatus(new RecordingMetricFactory(), new NoopGaugeRegistry()));
        hasCalendarInvite.init(FakeMatcherConfig.builder().matcherName("HasCalendarInvite").condition("20mb").build());
        hasMimeTypeAnySubPart = new HasMimeTypeAnySubPart();
        hasMimeTypeAnySubPart.init(FakeMatcherConfig.builder().matcherName("HasMimeTypeAnySubPart").condition("text/calendar").build());
    }

    private static byte[] bombOf(String name) {
        switch (name) {
            case "multiparts3000":
                return HostileMime.calendarInNestedMultiparts(3_000);
            case "messages3000":
                return HostileMime.calendarInNestedMessages(3_000);
            case "parts20000":
                return HostileMime.partsThenCalendar(20_000);
            default:
                throw new IllegalArgumentException("no bomb " + name);
        }
    }

    @Benchmark
    public Collection<MailAddress> hasCalendarInvite() throws MessagingException {
        return hasCalendarInvite.match(BenchmarkMails.spooled(message));
    }

    @Benchmark
    public Collection<MailAddress> hasMimeTypeAnySubPart() throws MessagingException {
        try {
            return hasMimeTypeAnySubPart.match(BenchmarkMails.spooled(message));
        } catch (StackOverflowError died) {
            return List.of();
        }
    }
}
