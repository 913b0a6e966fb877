package io.chronospush.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.transport.matchers.HasMimeTypeAnySubPart;
import org.apache.mailet.Matcher;
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
import io.chronospush.detect.CalendarInviteDetector;
import io.chronospush.status.PushStatus;

/**
 * The matcher's cost per mail, against James's own {@code HasMimeTypeAnySubPart=text/calendar}
 * and against a plain newline count over the same bytes (the floor). Each call takes the next
 * mail of the set, as a fresh mail over a fresh message; so a result is the mean per mail.
 *
 * <p>Sets: {@code mixed} is the whole labelled corpus of real mails, with HasCalendarInvite's
 * default limit (1mb), as deployed; {@code mixedWalked} is the same with a 20mb limit, so that
 * both matchers walk every mail. {@code calendar} and {@code noCalendar} are its two halves, and
 * {@code overLimit} its mails above 1 MB, with the default limit. The others have a 20mb limit:
 * {@code singlePart1m} is a 1 MB text/plain mail; {@code attachment16k} and {@code attachment1m}
 * have a 16 KB or 1 MB PDF attachment and no calendar.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DetectionBenchmark {
    private static final long ONE_MB = 1024 * 1024;

    @Param({"mixed", "mixedWalked", "calendar", "noCalendar", "overLimit", "singlePart1m", "attachment16k", "attachment1m"})
    public String mails;

    private byte[][] set;
    private int next;
    private Matcher hasCalendarInvite;
    private Matcher hasMimeTypeAnySubPart;

    @Setup
    public void setUp() throws MessagingException {
        set = mailsOf(mails).toArray(byte[][]::new);
        boolean deployed = mails.equals("mixed") || mails.equals("overLimit");
        hasCalendarInvite = matcher(new HasCalendarInvite(new PushStatus(new RecordingMetricFactory(), new NoopGaugeRegistry())), deployed ? HasCalendarInvite.DEFAULT_MAX_SIZE : "20mb");
        hasMimeTypeAnySubPart = matcher(new HasMimeTypeAnySubPart(), "text/calendar");
    }

    private static List<byte[]> mailsOf(String name) {
        switch (name) {
            case "mixed":
            case "mixedWalked":
                return BenchmarkMails.corpus();
            case "calendar":
                return corpus(DetectionBenchmark::isCalendar);
            case "noCalendar":
                return corpus(mail -> !isCalendar(mail));
            case "overLimit":
                return corpus(mail -> mail.length > ONE_MB);
            case "singlePart1m":
                return List.of(BenchmarkMails.singlePartText((int) ONE_MB));
            case "attachment16k":
                return List.of(BenchmarkMails.withAttachment(16 * 1024));
            case "attachment1m":
                return List.of(BenchmarkMails.withAttachment((int) ONE_MB));
            default:
                throw new IllegalArgumentException("no mail set " + name);
        }
    }

    private static List<byte[]> corpus(Predicate<byte[]> filter) {
        return BenchmarkMails.corpus().stream().filter(filter).toList();
    }

    private static boolean isCalendar(byte[] mail) {
        try {
            return new CalendarInviteDetector().hasCalendarInvite(new ByteArrayInputStream(mail));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Matcher matcher(Matcher matcher, String condition) throws MessagingException {
        matcher.init(FakeMatcherConfig.builder().matcherName(matcher.getClass().getSimpleName()).condition(condition).build());
        return matcher;
    }

    private byte[] nextMail() {
        byte[] mail = set[next];
        next = (next + 1) % set.length;
        return mail;
    }

    @Benchmark
    public Collection<MailAddress> hasCalendarInvite() throws MessagingException {
        return hasCalendarInvite.match(BenchmarkMails.spooled(nextMail()));
    }

    @Benchmark
    public Collection<MailAddress> hasMimeTypeAnySubPart() {
        try {
            return hasMimeTypeAnySubPart.match(BenchmarkMails.spooled(nextMail()));
        } catch (MessagingException e) {
            // James's processor would log it and not match: so do we.
            return List.of();
        }
    }

    /** The floor: one pass over the bytes, counting lines. */
    @Benchmark
    public int plainPass() {
        int lines = 0;
        for (byte b : nextMail()) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
