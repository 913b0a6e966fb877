package io.chronospush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.MessagingException;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.chronospush.metrics.PushMetrics;
import io.chronospush.status.PushStatus;
import io.chronospush.testing.Messages;

class HasCalendarInviteTest {
    private static final String CRLF = "\r\n";
    private static final long ONE_MEGABYTE = 1024L * 1024L;
    private static final String LARGE_CORPUS_MAIL = "tricky/very_large_60_parts_one_calendar.eml";

    private MailAddress bob;
    private MailAddress carol;
    private HasCalendarInvite testee;

    @BeforeEach
    void setUp() throws Exception {
        bob = new MailAddress("bob@example.org");
        carol = new MailAddress("carol@example.org");
        testee = TestMailets.hasCalendarInvite();
    }

    @Test
    void initShouldDefaultToOneMegabyteWithoutCondition() throws MessagingException {
        testee.init(FakeMatcherConfig.builder()
            .matcherName("HasCalendarInvite")
            .build());

        assertThat(testee.maxSize()).isEqualTo(ONE_MEGABYTE);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", " ", "\t"})
    void initShouldDefaultToOneMegabyteWhenConditionIsEmpty(String condition) throws MessagingException {
        init(condition);

        assertThat(testee.maxSize()).isEqualTo(ONE_MEGABYTE);
    }

    @ParameterizedTest(name = "''{0}'' is {1} bytes")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "1mb      | 1048576",
        "500kb    | 512000",
        "1m       | 1048576",
        "512k     | 524288",
        "2048     | 2048",
        "\"1 MB\" | 1048576",
        "2MB      | 2097152",
        "1g       | 1073741824",
        "100b     | 100",
        "\" 2mb \"| 2097152",
    })
    void initShouldReadDovecotSizes(String condition, long bytes) throws MessagingException {
        init(condition);

        assertThat(testee.maxSize()).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"0", "0kb", "-1", "-1mb", "1.5mb", "1tb", "abc", "mb", "1 m b", "99999999999gb"})
    void initShouldRejectInvalidSizesNamingThem(String condition) {
        assertThatThrownBy(() -> init(condition))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'" + condition + "'");
    }

    @Test
    void matchShouldReturnAllRecipientsWhenTheMailCarriesAnInvite() throws Exception {
        init("1mb");

        assertThat(testee.match(mail(Messages.bytes("mime/calendar_in_rfc822_in_multipart.eml"))))
            .containsExactlyInAnyOrder(bob, carol);
    }

    @Test
    void matchShouldReturnNoRecipientWhenTheMailCarriesNoInvite() throws Exception {
        init("1mb");

        assertThat(testee.match(mail(Messages.bytes("mime/no_calendar.eml")))).isEmpty();
    }

    @Test
    void matchShouldMatchAnInviteOfExactlyTheMaximumSize() throws Exception {
        init("1kb");

        assertThat(testee.match(mail(inviteOfSize(1024)))).containsExactlyInAnyOrder(bob, carol);
    }

    @Test
    void matchShouldNotMatchAnInviteOneByteOverTheMaximumSize() throws Exception {
        init("1kb");

        assertThat(testee.match(mail(inviteOfSize(1025)))).isEmpty();
    }

    @Test
    void matchShouldMatchAnInviteOfExactlyTheDefaultMaximumSize() throws Exception {
        init(null);

        assertThat(testee.match(mail(inviteOfSize(ONE_MEGABYTE)))).containsExactlyInAnyOrder(bob, carol);
    }

    @Test
    void matchShouldNotMatchAnInviteOneByteOverTheDefaultMaximumSize() throws Exception {
        init(null);

        assertThat(testee.match(mail(inviteOfSize(ONE_MEGABYTE + 1)))).isEmpty();
    }

    @Test
    void matchShouldReturnNoRecipientForMalformedMime() throws Exception {
        init("1mb");

        assertThat(testee.match(mail(Messages.bytes("mime/truncated_mid_header.eml")))).isEmpty();
    }

    @Test
    void matchShouldFindTheInviteOfAMessageBuiltInMemory() throws Exception {
        init("1mb");
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder()
            .setMultipartWithBodyParts(
                MimeMessageBuilder.bodyPartBuilder()
                    .data("You are invited to Planning."),
                MimeMessageBuilder.bodyPartBuilder()
                    .type("text/calendar; method=REQUEST")
                    .data("BEGIN:VCALENDAR" + CRLF + "END:VCALENDAR" + CRLF))
            .build();

        assertThat(testee.match(mailOf(message)))
            .containsExactlyInAnyOrder(bob, carol);
    }

    @Test
    void matchShouldFindTheInviteAnEarlierMailetPutInTheMessage() throws Exception {
        init("1mb");
        MimeMessage message = Messages.parse(Messages.bytes("mime/no_calendar.eml"));
        MimeBodyPart text = new MimeBodyPart();
        text.setText("You are invited to Planning.");
        message.setContent(new MimeMultipart(text, calendarPart()));
        message.saveChanges();

        assertThat(testee.match(mailOf(message)))
            .containsExactlyInAnyOrder(bob, carol);
    }

    @Test
    void matchShouldFindTheInviteAnEarlierMailetAttachedToTheMessage() throws Exception {
        init("1mb");
        MimeMessage message = Messages.parse(Messages.bytes("mime/no_calendar.eml"));
        ((MimeMultipart) message.getContent()).addBodyPart(calendarPart());
        message.saveChanges();

        assertThat(testee.match(mailOf(message)))
            .containsExactlyInAnyOrder(bob, carol);
    }

    @Test
    void matchShouldNotFindTheInviteAnEarlierMailetRemovedFromTheMessage() throws Exception {
        init("1mb");
        MimeMessage message = Messages.parse(Messages.bytes("mime/calendar_in_rfc822_in_multipart.eml"));
        MimeBodyPart text = new MimeBodyPart();
        text.setText("The invitation was removed.");
        message.setContent(new MimeMultipart(text));
        message.saveChanges();

        assertThat(testee.match(mailOf(message)))
            .isEmpty();
    }

    static Stream<Arguments> corpus() {
        try (InputStream in = HasCalendarInviteTest.class.getResourceAsStream("/corpus/SOURCES.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> rows = reader.lines().skip(1).filter(line -> !line.isBlank()).collect(Collectors.toList());
            return rows.stream()
                .map(row -> row.split("\t", -1))
                .map(columns -> Arguments.of(columns[0], columns[1], Long.parseLong(columns[7])));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void corpusShouldListEveryMailItHolds() throws Exception {
        Path corpus = Path.of(HasCalendarInviteTest.class.getResource("/corpus/SOURCES.tsv").toURI()).getParent();
        List<String> listed = corpus().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toList());

        try (Stream<Path> files = Files.walk(corpus)) {
            assertThat(files.filter(file -> file.toString().endsWith(".eml")).map(file -> corpus.relativize(file).toString().replace('\\', '/')))
                .containsExactlyInAnyOrderElementsOf(listed);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void matchShouldMatchCorpusMailIffExpected(String file, String expectedMatch, long sizeBytes) throws Exception {
        assumeThat(expectedMatch).as("expected_match of %s", file).isNotEqualTo("ambiguous");
        assertThat(expectedMatch).as("expected_match of %s", file).isIn("yes", "no");
        byte[] message = Messages.bytes("corpus/" + file);
        assertThat(message).as("%s, byte for byte", file).hasSize((int) sizeBytes);
        init("2mb");

        Collection<MailAddress> matched = testee.match(mail(message));

        if (expectedMatch.equals("yes")) {
            assertThat(matched).as(file).containsExactlyInAnyOrder(bob, carol);
        } else {
            assertThat(matched).as(file).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void matchShouldAgreeOnPlainJavaMailMessages(String file, String expectedMatch, long sizeBytes) throws Exception {
        assumeThat(expectedMatch).isNotEqualTo("ambiguous");
        byte[] message = Messages.bytes("corpus/" + file);
        init("2mb");

        Collection<MailAddress> matched = testee.match(mailOf(Messages.parse(message)));

        assertThat(!matched.isEmpty()).as(file).isEqualTo(expectedMatch.equals("yes"));
    }

    @Test
    void matchShouldSeeHeadersAnEarlierMailetChangedOnASpooledMessage() throws Exception {
        init("1mb");
        MimeMessage message = Messages.spooled(Messages.bytes("mime/no_calendar.eml"));
        message.setHeader("Content-Type", "text/calendar; method=REQUEST");
        message.saveChanges();

        assertThat(testee.match(mailOf(message))).containsExactlyInAnyOrder(bob, carol);
    }

    @Test
    void matchShouldSeeTheInviteAnEarlierMailetPutInASpooledMessage() throws Exception {
        init("1mb");
        MimeMessage message = Messages.spooled(Messages.bytes("mime/no_calendar.eml"));
        message.setContent(new MimeMultipart(calendarPart()));
        message.saveChanges();

        assertThat(testee.match(mailOf(message))).containsExactlyInAnyOrder(bob, carol);
    }

    @Test
    void matchShouldNotMatchAMailWhoseSizeCannotBeRead() throws Exception {
        init("1mb");
        Mail unreadable = org.mockito.Mockito.spy(mail(Messages.bytes("mime/calendar_single_part.eml")));
        org.mockito.Mockito.doThrow(new MessagingException("spool unreadable")).when(unreadable).getMessageSize();

        assertThat(testee.match(unreadable)).isEmpty();
    }

    @Test
    void matchShouldNotMatchTheLargeCorpusInviteUnderTheDefaultLimit() throws Exception {
        byte[] message = Messages.bytes("corpus/" + LARGE_CORPUS_MAIL);
        assertThat((long) message.length).isGreaterThan(ONE_MEGABYTE);
        init(null);

        assertThat(testee.match(mail(message))).isEmpty();
    }

    @Test
    void matchShouldFindTheInviteBehindSeveralMegabytesOfHeadersWhenTheLimitAllowsIt() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int field = 0; headers.length() < 5 * ONE_MEGABYTE; field++) {
            headers.append("Received: from relay-").append(field).append(".example.net by mx.example.org; ").append("r".repeat(80)).append(CRLF);
        }
        byte[] message = (headers + "Content-Type: text/calendar; method=REQUEST" + CRLF + CRLF + "BEGIN:VCALENDAR" + CRLF)
            .getBytes(StandardCharsets.US_ASCII);
        Mail mail = mail(message);

        init("10mb");
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> testee.match(mail))).containsExactlyInAnyOrder(bob, carol);
        init(null);
        assertThat(testee.match(mail)).isEmpty();
    }

    @Test
    void countsMatchedMailsAndMailsSkippedForTheirSize() throws Exception {
        RecordingMetricFactory metrics = new RecordingMetricFactory();
        testee = new HasCalendarInvite(new PushStatus(metrics, new NoopGaugeRegistry()));
        init("1kb");

        testee.match(mail(inviteOfSize(1024)));
        testee.match(mail(inviteOfSize(1025)));
        testee.match(mail(Messages.bytes("mime/no_calendar.eml")));
        testee.match(mail(inviteOfSize(512)));

        assertThat(metrics.countFor(PushMetrics.MATCHED)).isEqualTo(2);
        assertThat(metrics.countFor(PushMetrics.SKIPPED_OVER_SIZE)).isEqualTo(1);
    }

    private void init(String condition) throws MessagingException {
        testee.init(FakeMatcherConfig.builder()
            .matcherName("HasCalendarInvite")
            .condition(condition)
            .build());
    }

    /** A mail within any limit the tests set: FakeMail's size is 0 unless given. */
    private Mail mailOf(MimeMessage message) throws MessagingException {
        return mailOf(message, 0);
    }

    private Mail mailOf(MimeMessage message, long size) throws MessagingException {
        return FakeMail.builder()
            .name("mail")
            .mimeMessage(message)
            .size(size)
            .recipients(bob, carol)
            .build();
    }

    private static MimeBodyPart calendarPart() throws MessagingException {
        MimeBodyPart calendar = new MimeBodyPart();
        calendar.setContent("BEGIN:VCALENDAR" + CRLF + "END:VCALENDAR" + CRLF, "text/calendar; method=REQUEST");
        return calendar;
    }

    /** The mail as James's spool hands it over: its message over a message source, and its size. */
    private Mail mail(byte[] message) throws MessagingException {
        return mailOf(Messages.spooled(message), message.length);
    }

    /** A multipart invite of exactly {@code size} bytes, padded with a text part. */
    private static byte[] inviteOfSize(long size) {
        String head = "From: alice@example.com" + CRLF
            + "To: bob@example.org, carol@example.org" + CRLF
            + "Subject: Invitation: Planning" + CRLF
            + "MIME-Version: 1.0" + CRLF
            + "Content-Type: multipart/mixed; boundary=\"mixed-1\"" + CRLF
            + CRLF
            + "--mixed-1" + CRLF
            + "Content-Type: text/calendar; charset=UTF-8; method=REQUEST" + CRLF
            + CRLF
            + "BEGIN:VCALENDAR" + CRLF
            + "END:VCALENDAR" + CRLF
            + "--mixed-1" + CRLF
            + "Content-Type: text/plain; charset=US-ASCII" + CRLF
            + CRLF;
        String tail = CRLF + "--mixed-1--" + CRLF;
        String padding = "x".repeat((int) (size - head.length() - tail.length()));
        byte[] message = (head + padding + tail).getBytes(StandardCharsets.US_ASCII);
        assertThat((long) message.length).isEqualTo(size);
        return message;
    }
}
