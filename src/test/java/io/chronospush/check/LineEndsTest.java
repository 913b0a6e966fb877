package io.chronospush.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineEndsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\\nb\\n|a\\r\\nb\\r\\n",
        "a\\rb\\r|a\\r\\nb\\r\\n",
        "a\\r\\nb\\r\\n|a\\r\\nb\\r\\n",
        "\\na\\r\\r\\nb\\n\\rc|\\r\\na\\r\\n\\r\\nb\\r\\n\\r\\nc",
        "\\n\\n|\\r\\n\\r\\n",
        "\\r|\\r\\n",
        "no line end|no line end"})
    void makesEveryLineEndCrlf(String file, String crlf) {
        assertThat(new String(LineEnds.crlf(bytes(unescape(file))), StandardCharsets.ISO_8859_1)).isEqualTo(unescape(crlf));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a\\r\\nb\\r\\n", "no line end", "''"})
    void givesBackTheSameBytesWhenNothingChanges(String file) {
        byte[] message = bytes(unescape(file));

        assertThat(LineEnds.crlf(message)).isSameAs(message);
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
