package io.chronospush.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static io.chronospush.testing.HostileMime.CALENDAR_PART;
import static io.chronospush.testing.HostileMime.CRLF;
import static io.chronospush.testing.HostileMime.bytes;
import static io.chronospush.testing.HostileMime.calendarInNestedMessages;
import static io.chronospush.testing.HostileMime.calendarInNestedMultiparts;
import static io.chronospush.testing.HostileMime.emptyParts;
import static io.chronospush.testing.HostileMime.multipart;
import static io.chronospush.testing.HostileMime.nestedMultiparts;
import static io.chronospush.testing.HostileMime.partsThenCalendar;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.junit.jupiter.api.Test;

import io.chronospush.testing.Messages;

class CalendarInviteDetectorTest {
    /** Generous: these machines are shared and noisy; each case takes well under a second alone. */
    private static final Duration BOUND = Duration.ofSeconds(5);
    /** Far too small for a parser that recursed once per level of a 3,000-level bomb. */
    private static final long SMALL_STACK = 256 * 1024;
    private static final int SEVERAL_MEGABYTES = 5 * 1024 * 1024;

    private final CalendarInviteDetector testee = new CalendarInviteDetector();

    @Test
    void shouldDetectTopLevelSinglePartCalendar() throws IOException {
        assertThat(detect(resource("calendar_single_part.eml"))).isTrue();
    }

    @Test
    void shouldDetectCalendarWhateverTheCaseOfItsMediaTypeAndParameters() throws IOException {
        assertThat(detect(resource("calendar_upper_case_with_params.eml"))).isTrue();
    }

    @Test
    void shouldDetectCalendarWhateverTheCaseOfTheContentTypeFieldName() throws IOException {
        assertThat(detect(message(
            "content-TYPE:Text/Calendar",
            "",
            "BEGIN:VCALENDAR")))
            .isTrue();
    }

    @Test
    void shouldDetectCalendarOnlyInsideMessageRfc822InsideMultipart() throws IOException {
        assertThat(detect(resource("calendar_in_rfc822_in_multipart.eml"))).isTrue();
    }

    @Test
    void shouldDetectCalendarInsideTopLevelMessageRfc822Body() throws IOException {
        assertThat(detect(resource("calendar_in_rfc822_top_level.eml"))).isTrue();
    }

    @Test
    void shouldDetectIcsFileNameOnlyInContentTypeName() throws IOException {
        assertThat(detect(resource("ics_in_content_type_name.eml"))).isTrue();
    }

    @Test
    void shouldDetectIcsFileNameOnlyInContentDispositionFilename() throws IOException {
        assertThat(detect(resource("ics_in_content_disposition_filename.eml"))).isTrue();
    }

    @Test
    void shouldDetectRfc2231EncodedIcsFileName() throws IOException {
        assertThat(detect(resource("ics_rfc2231_encoded_filename.eml"))).isTrue();
    }

    @Test
    void shouldDetectIcsFileNameSplitInRfc2231Continuations() throws IOException {
        assertThat(detect(resource("ics_rfc2231_continuations.eml"))).isTrue();
    }

    @Test
    void shouldDetectUpperCaseIcsFileName() throws IOException {
        assertThat(detect(resource("ics_upper_case_name.eml"))).isTrue();
    }

    @Test
    void shouldDetectIcsFileNameOfTheTopLevelMessage() throws IOException {
        assertThat(detect(message(
            "Content-Type: application/octet-stream; name=\"invite.ics\"",
            "",
            "QkVHSU46VkNBTEVOREFS")))
            .isTrue();
    }

    @Test
    void shouldNotDetectFileNameThatOnlyContainsIcs() throws IOException {
        assertThat(detect(resource("ics_then_pdf_extension.eml"))).isFalse();
    }

    @Test
    void shouldNotDetectCalendarOnlyInPreamble() throws IOException {
        assertThat(detect(resource("calendar_only_in_preamble.eml"))).isFalse();
    }

    @Test
    void shouldNotDetectCalendarOnlyInEpilogue() throws IOException {
        assertThat(detect(resource("calendar_only_in_epilogue.eml"))).isFalse();
    }

    @Test
    void shouldNotDetectCalendarOnlyInBodyText() throws IOException {
        assertThat(detect(resource("calendar_only_in_body_text.eml"))).isFalse();
    }

    @Test
    void shouldNotDetectCalendarOnlyInXHeaders() throws IOException {
        assertThat(detect(resource("calendar_only_in_x_header.eml"))).isFalse();
    }

    @Test
    void shouldNotDetectIcsOnlyInOtherHeadersAndParameters() throws IOException {
        assertThat(detect(resource("ics_only_in_other_headers.eml"))).isFalse();
    }

    @Test
    void shouldNotDetectOrdinaryMultipart() throws IOException {
        assertThat(detect(resource("no_calendar.eml"))).isFalse();
    }

    @Test
    void shouldDetectCalendarInMultipartMissingItsClosingBoundary() throws IOException {
        assertThat(detect(resource("missing_closing_boundary.eml"))).isTrue();
    }

    @Test
    void shouldNotDetectAnythingInMessageTruncatedMidHeader() throws IOException {
        assertThat(detect(resource("truncated_mid_header.eml"))).isFalse();
    }

    @Test
    void shouldDetectCalendarPartCompleteBeforeTheTruncation() throws IOException {
        assertThat(detect(resource("truncated_after_calendar_part.eml"))).isTrue();
    }

    @Test
    void shouldNotThrowWhateverByteTheMessageIsTruncatedAt() {
        byte[] message = resource("calendar_in_rfc822_in_multipart.eml");

        for (int length = 0; length <= message.length; length++) {
            byte[] truncated = Arrays.copyOf(message, length);
            assertThatCode(() -> detect(truncated))
                .as("truncated to %d bytes", length)
                .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldNotThrowOnGarbage() {
        String[] tokens = {
            "Content-Type: multipart/mixed; boundary=a" + CRLF, "Content-Type: message/rfc822" + CRLF,
            "Content-Type: text/calendar" + CRLF, "Content-Disposition: attachment; filename*0*=x''%" + CRLF,
            "--a" + CRLF, "--a--", CRLF, "\r", "\n", ":", ";", "\"", "=?", "?=", " ", "\u00ff", "\u0000",
        };
        Random random = new Random(20250114L);

        for (int round = 0; round < 500; round++) {
            StringBuilder garbage = new StringBuilder();
            for (int token = random.nextInt(200); token > 0; token--) {
                garbage.append(tokens[random.nextInt(tokens.length)]);
            }
            byte[] message = garbage.toString().getBytes(StandardCharsets.ISO_8859_1);
            assertThatCode(() -> detect(message))
                .as("%s", garbage)
                .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldNotDetectTextPlainMessageOfHeadersOnly() throws IOException {
        assertThat(detect(resource("headers_only.eml"))).isFalse();
    }

    @Test
    void shouldDetectTextCalendarMessageOfHeadersOnly() throws IOException {
        assertThat(detect(resource("headers_only_calendar.eml"))).isTrue();
    }

    @Test
    void shouldDetectNestedCalendarWithBareLfLineEndings() throws IOException {
        byte[] lf = new String(resource("calendar_in_rfc822_in_multipart.eml"), StandardCharsets.US_ASCII)
            .replace(CRLF, "\n")
            .getBytes(StandardCharsets.US_ASCII);

        assertThat(detect(lf)).isTrue();
    }

    @Test
    void shouldNotDetectCalendarInPreambleWithBareLfLineEndings() throws IOException {
        byte[] lf = new String(resource("calendar_only_in_preamble.eml"), StandardCharsets.US_ASCII)
            .replace(CRLF, "\n")
            .getBytes(StandardCharsets.US_ASCII);

        assertThat(detect(lf)).isFalse();
    }

    @Test
    void shouldNotDetectAnythingInAnEmptyStream() throws IOException {
        assertThat(detect(new byte[0])).isFalse();
    }

    @Test
    void shouldDetectCalendarFiftyLevelsDeep() throws IOException {
        assertThat(detect(calendarInNestedMultiparts(50))).isTrue();
    }

    @Test
    void shouldDetectCalendarAtTheDeepestParsedLevel() throws IOException {
        assertThat(detect(calendarInNestedMultiparts(CalendarInviteDetector.MAX_NESTING_DEPTH))).isTrue();
    }

    @Test
    void shouldNotParseEntitiesDeeperThanTheNestingCap() throws IOException {
        assertThat(detect(calendarInNestedMultiparts(CalendarInviteDetector.MAX_NESTING_DEPTH + 1))).isFalse();
    }

    @Test
    void shouldNotParseIcsFileNameDeeperThanTheNestingCap() throws IOException {
        byte[] message = bytes(nestedMultiparts(CalendarInviteDetector.MAX_NESTING_DEPTH + 1,
            "Content-Type: application/octet-stream" + CRLF
                + "Content-Disposition: attachment; filename=\"invite.ics\"" + CRLF
                + CRLF
                + "QkVHSU46VkNBTEVOREFS" + CRLF));

        assertThat(detect(message)).isFalse();
    }

    @Test
    void shouldSurviveMultipartNestingBomb() {
        assertThat(detectOnSmallStackWithinBound(calendarInNestedMultiparts(3_000))).isFalse();
    }

    @Test
    void shouldSurviveMessageRfc822NestingBomb() {
        assertThat(detectOnSmallStackWithinBound(calendarInNestedMessages(3_000))).isFalse();
    }

    @Test
    void shouldDetectCalendarInMessageRfc822FiftyLevelsDeep() throws IOException {
        assertThat(detect(calendarInNestedMessages(50))).isTrue();
    }

    @Test
    void shouldDetectCalendarInMessageRfc822AtTheDeepestParsedLevel() throws IOException {
        assertThat(detect(calendarInNestedMessages(CalendarInviteDetector.MAX_NESTING_DEPTH))).isTrue();
    }

    @Test
    void shouldNotParseMessageRfc822EntitiesDeeperThanTheNestingCap() throws IOException {
        assertThat(detect(calendarInNestedMessages(CalendarInviteDetector.MAX_NESTING_DEPTH + 1))).isFalse();
    }

    @Test
    void shouldStopWalkingAtAnEntityTooDeepToParse() throws IOException {
        String tooDeep = nestedMultiparts(3_000, "Content-Type: text/plain" + CRLF + CRLF + "deep" + CRLF);

        assertThat(detect(bytes(multipart("top", CALENDAR_PART, tooDeep)))).isTrue();
        assertThat(detect(bytes(multipart("top", tooDeep, CALENDAR_PART)))).isFalse();
    }

    @Test
    void shouldKeepWalkingAfterALeafAtTheDeepestParsedLevel() throws IOException {
        String deepestLeaf = nestedMultiparts(CalendarInviteDetector.MAX_NESTING_DEPTH - 1, "Content-Type: text/plain" + CRLF + CRLF + "deep" + CRLF);

        assertThat(detect(bytes(multipart("top", deepestLeaf, CALENDAR_PART)))).isTrue();
    }

    @Test
    void shouldNotReadTheBodyOfASinglePartMail() throws IOException {
        byte[] headers = bytes("Content-Type: text/plain" + CRLF + CRLF);
        InputStream headersThenFailure = new java.io.SequenceInputStream(new ByteArrayInputStream(headers), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the body was read");
            }
        });

        assertThat(testee.hasCalendarInvite(headersThenFailure)).isFalse();
    }

    @Test
    void shouldDetectCalendarAsTheLastAllowedPart() throws IOException {
        assertThat(detect(partsThenCalendar(CalendarInviteDetector.MAX_PARTS - 1))).isTrue();
    }

    @Test
    void shouldNotDetectCalendarBeyondThePartCap() throws IOException {
        assertThat(detect(partsThenCalendar(CalendarInviteDetector.MAX_PARTS))).isFalse();
    }

    @Test
    void shouldNotDetectCalendarAfterPartCountBomb() {
        assertThat(detectOnSmallStackWithinBound(partsThenCalendar(10_001))).isFalse();
    }

    @Test
    void shouldDetectCalendarAfterAHeaderBlockOfSeveralMegabytes() {
        StringBuilder headers = new StringBuilder();
        for (int field = 0; headers.length() < SEVERAL_MEGABYTES; field++) {
            headers.append("X-Filler-").append(field).append(": ").append("f".repeat(100)).append(CRLF);
        }

        assertThat(detectOnSmallStackWithinBound(bytes(headers + CALENDAR_PART))).isTrue();
    }

    @Test
    void shouldDetectCalendarAfterOneFoldedHeaderOfSeveralMegabytes() {
        String folded = "X-Folded: start" + (CRLF + " continued").repeat(SEVERAL_MEGABYTES / 11) + CRLF;

        assertThat(detectOnSmallStackWithinBound(bytes(folded + CALENDAR_PART))).isTrue();
    }

    @Test
    void shouldNotDetectAnythingInAHeaderOfSeveralMegabytesWithoutLineEnd() {
        assertThat(detectOnSmallStackWithinBound(bytes("Subject: " + "s".repeat(SEVERAL_MEGABYTES)))).isFalse();
    }

    @Test
    void shouldDetectCalendarWhoseBodyIsSeveralMegabytesWithoutLineEnd() {
        byte[] message = bytes("Content-Type: text/calendar" + CRLF + CRLF + "B".repeat(SEVERAL_MEGABYTES));

        assertThat(detectOnSmallStackWithinBound(message)).isTrue();
    }

    @Test
    void shouldDetectCalendarPartAfterAPartOfSeveralMegabytesWithoutLineEnd() {
        String endless = "Content-Type: text/plain" + CRLF + CRLF + "x".repeat(SEVERAL_MEGABYTES) + CRLF;

        assertThat(detectOnSmallStackWithinBound(bytes(multipart("b", endless, CALENDAR_PART)))).isTrue();
    }

    @Test
    void shouldNotDetectCalendarPartBehindAMultipartOfSeveralMegabytesWithoutLineEnd() {
        // Without a line end, no delimiter line can start: it is all one part of text.
        String endless = "Content-Type: text/plain" + CRLF + CRLF + "x".repeat(SEVERAL_MEGABYTES);
        byte[] message = bytes(multipart("b", endless + "--b" + CRLF + CALENDAR_PART));

        assertThat(detectOnSmallStackWithinBound(message)).isFalse();
    }

    @Test
    void shouldNotDetectCalendarPartCutOffInItsContentTypeField() {
        byte[] message = bytes("Content-Type: multipart/mixed; boundary=b" + CRLF + CRLF
            + "--b" + CRLF + "Content-Type: text/plain" + CRLF + CRLF + "agenda" + CRLF
            + "--b" + CRLF + "Content-Type: text/cal");

        assertThat(detectOnSmallStackWithinBound(message)).isFalse();
    }

    @Test
    void shouldDetectCalendarPartCutOffRightAfterItsHeader() {
        byte[] message = bytes("Content-Type: multipart/mixed; boundary=b" + CRLF + CRLF
            + "--b" + CRLF + "Content-Type: text/calendar" + CRLF + CRLF);

        assertThat(detectOnSmallStackWithinBound(message)).isTrue();
    }

    @Test
    void shouldNotDetectTopLevelCalendarWithBareCrLineEndings() {
        // mime4j ends lines at LF only: with bare CR the whole header is one Content-Type field,
        // whose value is no media type, and there is no body. A defined "no", not a guess.
        byte[] message = bytes("Content-Type: text/calendar\rSubject: Invitation\r\rBEGIN:VCALENDAR\r");

        assertThat(detectOnSmallStackWithinBound(message)).isFalse();
    }

    @Test
    void shouldNotDetectNestedCalendarWithBareCrLineEndings() {
        // One line, so one header field and no body: the nested calendar is out of reach.
        byte[] cr = new String(resource("calendar_in_rfc822_in_multipart.eml"), StandardCharsets.US_ASCII)
            .replace(CRLF, "\r")
            .getBytes(StandardCharsets.US_ASCII);

        assertThat(detectOnSmallStackWithinBound(cr)).isFalse();
    }

    @Test
    void shouldDetectIcsFileNameInRawUtf8Header() {
        byte[] message = ("Content-Type: application/octet-stream; name=\"Einladung Grüße 日本.ics\"" + CRLF + CRLF + "QkVH" + CRLF)
            .getBytes(StandardCharsets.UTF_8);

        assertThat(detectOnSmallStackWithinBound(message)).isTrue();
    }

    @Test
    void shouldDetectCalendarBehindHeadersOfEveryEightBitByte() {
        StringBuilder headers = new StringBuilder();
        for (int value = 0x80; value <= 0xFF; value++) {
            headers.append("X-Eight-Bit: ").append((char) value).append(CRLF);
            headers.append("Subject: ").append((char) value).append("=?ISO-8859-1?Q?=").append(Integer.toHexString(value)).append("?=").append(CRLF);
        }
        byte[] message = (headers + CALENDAR_PART).getBytes(StandardCharsets.ISO_8859_1);

        assertThat(detectOnSmallStackWithinBound(message)).isTrue();
    }

    @Test
    void shouldNotDetectCalendarWhenEightBitBytesBreakTheMediaType() {
        byte[] message = "Content-Type: text/calend\u00e4r\r\n\r\nBEGIN:VCALENDAR\r\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(detectOnSmallStackWithinBound(message)).isFalse();
    }

    @Test
    void partCapShouldCountPartsAcrossAllMultiparts() throws IOException {
        String halfTheParts = multipart("inner", emptyParts(CalendarInviteDetector.MAX_PARTS / 2));

        assertThat(detect(bytes(multipart("top", halfTheParts, halfTheParts, CALENDAR_PART)))).isFalse();
    }

    /**
     * The answer, on a thread with a {@link #SMALL_STACK} (no recursion per level or part), within
     * {@link #BOUND}.
     */
    private boolean detectOnSmallStackWithinBound(byte[] message) {
        return assertTimeoutPreemptively(BOUND, () -> {
            FutureTask<Boolean> detection = new FutureTask<>(() -> detect(message));
            Thread thread = new Thread(null, detection, "detector-small-stack", SMALL_STACK);
            thread.start();
            try {
                return detection.get();
            } catch (ExecutionException e) {
                throw new AssertionError("the detector threw", e.getCause());
            } finally {
                thread.interrupt();
            }
        });
    }

    private boolean detect(byte[] message) throws IOException {
        try (InputStream in = new ByteArrayInputStream(message)) {
            return testee.hasCalendarInvite(in);
        }
    }

    private static byte[] resource(String name) {
        return Messages.bytes("mime/" + name);
    }

    private static byte[] message(String... lines) {
        return bytes(String.join(CRLF, lines) + CRLF);
    }
}
