package io.chronospush.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ContentUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link CalendarInviteDetectorTest} does not reach through whole messages: how a file name is put together. */
class IcsFileNameTest {
    private static final String FILENAME = "filename";
    private static final String NAME = "name";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Content-Disposition: attachment; filename=\"invite.ics\"",
        "Content-Disposition: attachment; filename=invite.ics",
        "Content-Disposition: attachment;\r\n filename=\"invite.ics\"",
        "Content-Disposition: attachment; FileName=\"Invite.Ics\"",
        "Content-Disposition: attachment; size=42; filename=\"meeting invite.ics\"; creation-date=\"Tue, 14 Jan 2025 10:00:00 +0100\"",
        "Content-Disposition: attachment; filename*=UTF-8''invite.ics",
        "Content-Disposition: attachment; filename*=utf-8'en'invite%2Eics",
        "Content-Disposition: attachment; filename*=''invite.ics",
        "Content-Disposition: attachment; filename*0=\"inv\"; filename*1=\"ite.ics\"",
        "Content-Disposition: attachment; filename*0*=UTF-8''inv; filename*1*=ite%2eics",
        "Content-Type: application/octet-stream; name=\"invite.ics\"",
        "Content-Type: application/octet-stream; NAME=invite.ICS",
        "Content-Type: application/octet-stream; name*=UTF-8''invite%2Eics",
        "Content-Type: application/octet-stream; name=\"=?UTF-8?Q?invite.ics?=\"",
        "Content-Type: application/octet-stream; name=\"=?UTF-8?B?aW52aXRlLmljcw==?=\"",
    })
    void isInShouldFindIcsFileNames(String field) throws MimeException {
        assertThat(isIn(field)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Content-Disposition: attachment",
        "Content-Disposition: attachment; filename=\"invite.ics.pdf\"",
        "Content-Disposition: attachment; filename=\"invite_ics\"",
        "Content-Disposition: attachment; filename=\"ics\"",
        "Content-Disposition: attachment; filename=\"\"",
        "Content-Disposition: attachment; name=\"invite.ics\"",
        "Content-Disposition: attachment; filenames=\"invite.ics\"",
        "Content-Disposition: attachment; x-filename=\"invite.ics\"",
        "Content-Disposition: attachment; filename*x=\"invite.ics\"",
        "Content-Disposition: attachment; filename*12345=\"invite.ics\"",
        "Content-Disposition: attachment; filename=\"invite.pdf\"; x-note=\"invite.ics\"",
        "Content-Type: application/octet-stream; filename=\"invite.ics\"",
        "Content-Type: application/octet-stream; names=\"invite.ics\"",
        "Content-Type: application/octet-stream; format=\"invite.ics\"",
        "Content-Type: text/plain; name=\"invite.ics.txt\"",
    })
    void isInShouldIgnoreOtherNamesAndParameters(String field) throws MimeException {
        assertThat(isIn(field)).isFalse();
    }

    @Test
    void fileNameShouldBeAbsentWithoutTheParameter() throws MimeException {
        assertThat(IcsFileName.fileName(field("Content-Disposition: attachment; size=42"), FILENAME)).isNull();
    }

    @Test
    void fileNameShouldDecodeRfc2231Charset() throws MimeException {
        assertThat(IcsFileName.fileName(field("Content-Disposition: attachment; filename*=ISO-8859-1''Einladung%FC.ics"), FILENAME))
            .isEqualTo("Einladung\u00fc.ics");
    }

    @Test
    void fileNameShouldJoinEncodedAndPlainContinuations() throws MimeException {
        Field field = field("Content-Disposition: attachment;\r\n"
            + " filename*0*=UTF-8''Einladung%20zum%20;\r\n"
            + " filename*1=\"Termin am Montag\";\r\n"
            + " filename*2*=%2Eics");

        assertThat(IcsFileName.fileName(field, FILENAME)).isEqualTo("Einladung zum Termin am Montag.ics");
    }

    @Test
    void fileNameShouldOrderContinuationsByNumberNotAsText() throws MimeException {
        Field field = field("Content-Disposition: attachment; "
            + "filename*10=\".ics\"; filename*2=c; filename*0=a; filename*1=b; filename*3=d; filename*4=e; "
            + "filename*5=f; filename*6=g; filename*7=h; filename*8=i; filename*9=j");

        assertThat(IcsFileName.fileName(field, FILENAME)).isEqualTo("abcdefghij.ics");
    }

    @Test
    void fileNameShouldPreferTheRfc2231ValueOverThePlainOne() throws MimeException {
        Field field = field("Content-Disposition: attachment; filename=\"invite.txt\"; filename*=UTF-8''invite.ics");

        assertThat(IcsFileName.fileName(field, FILENAME)).isEqualTo("invite.ics");
    }

    @Test
    void fileNameShouldNotDependOnAnUnknownCharset() throws MimeException {
        assertThat(IcsFileName.fileName(field("Content-Disposition: attachment; filename*=x-no-such-charset''invite.ics"), FILENAME))
            .isEqualTo("invite.ics");
    }

    @Test
    void fileNameShouldNotDependOnAnIllegalCharsetName() throws MimeException {
        assertThat(IcsFileName.fileName(field("Content-Disposition: attachment; filename*=\"@@''invite.ics\""), FILENAME))
            .isEqualTo("invite.ics");
    }

    @Test
    void fileNameShouldKeepMalformedPercentEncodingAsIs() throws MimeException {
        assertThat(IcsFileName.fileName(field("Content-Disposition: attachment; filename*=UTF-8''invite%zz.ics%"), FILENAME))
            .isEqualTo("invite%zz.ics%");
    }

    private static boolean isIn(String rawField) throws MimeException {
        Field field = field(rawField);
        return IcsFileName.isIn(field, field.getName().equalsIgnoreCase("Content-Type") ? NAME : FILENAME);
    }

    private static Field field(String rawField) throws MimeException {
        return RawFieldParser.DEFAULT.parseField(ContentUtil.encode(rawField));
    }
}
