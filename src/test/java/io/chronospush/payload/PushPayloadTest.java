package io.chronospush.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chronospush.testing.Messages;

class PushPayloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(byte[] json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void hasTheFieldsOfDovecotsDriverInItsOrder() throws Exception {
        byte[] message = "From: a@example.com\r\nSubject: calendar\r\nContent-Type: text/calendar\r\n\r\nICAL CONTENT\r\n".getBytes(StandardCharsets.US_ASCII);

        JsonNode json = parse(new PushPayload(message).forRecipient("4@464646669", "INBOX").toByteArray());

        assertThat(json.fieldNames()).toIterable().containsExactly("user", "event", "folder", "body");
        assertThat(json.get("user").asText()).isEqualTo("4@464646669");
        assertThat(json.get("event").asText()).isEqualTo("MessageNew");
        assertThat(json.get("folder").asText()).isEqualTo("INBOX");
        assertThat(json.get("body").asText()).isEqualTo(new String(message, StandardCharsets.US_ASCII));
    }

    @Test
    void carriesARealInvitationWhole() throws Exception {
        byte[] message = Messages.bytes("corpus/positive/thunderbird_lightning_request_de.eml");

        JsonNode json = parse(new PushPayload(message).forRecipient("bob@example.com", "INBOX").toByteArray());

        assertThat(json.get("body").asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(message);
    }

    @Test
    void eachRecipientGetsItsOwnUserAndFolderAroundTheSameBody() throws Exception {
        PushPayload payload = new PushPayload("Subject: x\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII));

        JsonNode bob = parse(payload.forRecipient("bob@example.com", "INBOX").toByteArray());
        JsonNode alice = parse(payload.forRecipient("alice@example.com", "Calendar").toByteArray());

        assertThat(bob.get("user").asText()).isEqualTo("bob@example.com");
        assertThat(alice.get("folder").asText()).isEqualTo("Calendar");
        assertThat(alice.get("body")).isEqualTo(bob.get("body"));
    }

    @Test
    void documentLengthIsWhatItsSegmentsHold() {
        PushDocument document = new PushPayload("Subject: Grüße\r\n\r\n\u0000".getBytes(StandardCharsets.UTF_8)).forRecipient("bob", "INBOX");

        assertThat(document.length()).isEqualTo(document.toByteArray().length);
        assertThat(java.util.Arrays.stream(document.segments()).mapToLong(java.nio.ByteBuffer::remaining).sum()).isEqualTo(document.length());
    }

    @Test
    void escapesNulAsUnicodeEscape() {
        byte[] json = new PushPayload(new byte[] {'a', 0, 'b'}).forRecipient("u", "f").toByteArray();

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"body\":\"a\\u0000b\"");
    }

    @Test
    void everyAsciiByteSurvives() throws Exception {
        byte[] message = new byte[128];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }

        JsonNode json = parse(new PushPayload(message).forRecipient("u", "f").toByteArray());

        assertThat(json.get("body").asText()).isEqualTo(new String(message, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Grüße", "日本語", "emoji \uD83D\uDCC5", "line\u2028separator\u2029", "quote \" backslash \\ tab \t"})
    void validUtf8SurvivesAsIs(String text) throws Exception {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);

        JsonNode json = parse(new PushPayload(message).forRecipient("u", "f").toByteArray());

        assertThat(json.get("body").asText()).isEqualTo(text);
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() throws Exception {
        byte[] message = {'a', (byte) 0xC3, 'b', (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'c', (byte) 0xE2, (byte) 0x82};

        JsonNode json = parse(new PushPayload(message).forRecipient("u", "f").toByteArray());

        assertThat(json.get("body").asText())
            .isEqualTo(new String(message, StandardCharsets.UTF_8))
            .startsWith("a\uFFFDb\uFFFD")
            .contains("c");
    }

    @Test
    void isoLatin1MailIsDecodedAsUtf8WithReplacements() throws Exception {
        byte[] message = "Subject: Grüße\r\n\r\nSchöne Grüße".getBytes(StandardCharsets.ISO_8859_1);

        JsonNode json = parse(new PushPayload(message).forRecipient("u", "f").toByteArray());

        assertThat(json.get("body").asText()).isEqualTo("Subject: Gr\uFFFD\uFFFDe\r\n\r\nSch\uFFFDne Gr\uFFFD\uFFFDe");
    }

    @Test
    void largeBodyIsNeverTruncated() throws Exception {
        byte[] message = new byte[3 * 1024 * 1024];
        Arrays.fill(message, (byte) 'x');
        message[message.length - 1] = 'z';

        JsonNode json = parse(new PushPayload(message).forRecipient("u", "f").toByteArray());

        assertThat(json.get("body").asText()).hasSize(message.length).endsWith("xz");
    }

    @Test
    void userAndFolderWithQuotesControlsAndNonAsciiSurvive() throws Exception {
        String user = "o'\"brien\\\u0001@exämple.com";
        String folder = "INBOX.\"Kalender\"\n\u65E5\u672C";

        JsonNode json = parse(new PushPayload(new byte[0]).forRecipient(user, folder).toByteArray());

        assertThat(json.get("user").asText()).isEqualTo(user);
        assertThat(json.get("folder").asText()).isEqualTo(folder);
        assertThat(json.get("body").asText()).isEmpty();
    }

    @Test
    void everyByteValueSurvivesAtTheStartInTheMiddleAndAtTheEnd() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (int value = 0; value <= 0xFF; value++) {
            byte b = (byte) value;
            for (byte[] message : new byte[][] {{b, 'x', 'y'}, {'x', b, 'y'}, {'x', 'y', b}, {b}, {b, b, 'z', b}}) {
                JsonNode json = parse(new PushPayload(message).forRecipient("u", "f").toByteArray());
                softly.assertThat(json.get("body").asText()).as("byte 0x%02X in %s", value, Arrays.toString(message))
                    .isEqualTo(new String(message, StandardCharsets.UTF_8));
            }
        }
        softly.assertAll();
    }

    @Test
    void allByteValuesInOneMessageSurviveInEitherOrder() throws Exception {
        byte[] ascending = new byte[256];
        byte[] descending = new byte[256];
        for (int i = 0; i < 256; i++) {
            ascending[i] = (byte) i;
            descending[i] = (byte) (255 - i);
        }

        for (byte[] message : List.of(ascending, descending)) {
            JsonNode json = parse(new PushPayload(message).forRecipient("u", "f").toByteArray());

            assertThat(json.get("body").asText()).isEqualTo(new String(message, StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lone high surrogate in CESU-8         | 61 ED A0 80 62          | a\uFFFDb",
        "lone low surrogate in CESU-8          | ED B0 80                | \uFFFD",
        "surrogate pair in CESU-8              | ED A0 BD ED B3 85       | \uFFFD\uFFFD",
        "overlong NUL                          | C0 80                   | \uFFFD\uFFFD",
        "above U+10FFFF                        | F4 90 80 80             | \uFFFD\uFFFD\uFFFD\uFFFD",
        "4-byte character cut short at the end | 41 F0 9F 93             | A\uFFFD",
        "U+10FFFF, the last code point         | F4 8F BF BF             | \uDBFF\uDFFF",
        "4-byte character                      | F0 9F 93 85             | \uD83D\uDCC5",
        "U+2028 and U+2029                     | E2 80 A8 E2 80 A9       | \u2028\u2029",
        "BOM and U+FFFD itself                 | EF BB BF EF BF BD       | \uFEFF\uFFFD",
    })
    void unicodeEdgesDecodeAsTheJdksUtf8DecoderDoes(String what, String hex, String decoded) throws Exception {
        byte[] message = hex(hex);

        JsonNode json = parse(new PushPayload(message).forRecipient("u", "f").toByteArray());

        assertThat(new String(message, StandardCharsets.UTF_8)).as("the contract itself").isEqualTo(decoded);
        assertThat(json.get("body").asText()).isEqualTo(decoded);
    }

    @Test
    void userAndFolderWithEveryControlCharacterSurrogatesAndLineSeparatorsSurvive() throws Exception {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        String user = controls + "\u007F\"\\/\u2028\u2029@example.com";
        String folder = "INBOX.\uD83D\uDCC5 \uD800 lone \uDC00 " + controls;

        JsonNode json = parse(new PushPayload("x".getBytes(StandardCharsets.US_ASCII)).forRecipient(user, folder).toByteArray());

        assertThat(json.get("user").asText()).isEqualTo(user);
        assertThat(json.get("folder").asText()).isEqualTo(folder);
    }

    private static byte[] hex(String hex) {
        String[] pairs = hex.trim().split("\\s+");
        byte[] bytes = new byte[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            bytes[i] = (byte) Integer.parseInt(pairs[i], 16);
        }
        return bytes;
    }

    @Test
    void validUtf8CheckAgreesWithTheJdk() {
        assertThat(PushPayload.isValidUtf8("Grüße \uD83D\uDCC5".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(PushPayload.isValidUtf8(new byte[] {(byte) 0xC0, (byte) 0x80})).isFalse();
        assertThat(PushPayload.isValidUtf8(new byte[] {(byte) 0xE2, (byte) 0x82})).isFalse();
        assertThat(PushPayload.isValidUtf8(new byte[0])).isTrue();
        assertThat(PushPayload.isValidUtf8("plain ASCII\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(PushPayload.isValidUtf8(("ASCII first, then " + "K\u00f6ln").getBytes(StandardCharsets.ISO_8859_1))).isFalse();
        assertThat(PushPayload.isValidUtf8(("ASCII first, then " + "K\u00f6ln").getBytes(StandardCharsets.UTF_8))).isTrue();
        byte[] asciiThenCutEuroSign = Arrays.copyOf("ASCII, then a cut \u20ac".getBytes(StandardCharsets.UTF_8), 20);
        assertThat(PushPayload.isValidUtf8(asciiThenCutEuroSign)).isFalse();
    }
}
