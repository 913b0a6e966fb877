package io.chronospush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {
    private static final long KB = 1024L;
    private static final long MB = 1024L * KB;
    private static final long GB = 1024L * MB;

    @ParameterizedTest(name = "''{0}'' is {1} bytes")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "2048         | 2048",
        "1            | 1",
        "1b           | 1",
        "1B           | 1",
        "500kb        | 512000",
        "512k         | 524288",
        "1k           | 1024",
        "1KB          | 1024",
        "1Kb          | 1024",
        "1kB          | 1024",
        "1mb          | 1048576",
        "1m           | 1048576",
        "1M           | 1048576",
        "1MB          | 1048576",
        "2mb          | 2097152",
        "1g           | 1073741824",
        "1gb          | 1073741824",
        "3GB          | 3221225472",
        "\"1 MB\"     | 1048576",
        "\"1   kb\"   | 1024",
        "\" 2mb \"    | 2097152",
        "0001kb       | 1024",
    })
    void parseShouldReadDovecotSizes(String value, long bytes) {
        assertThat(ByteSize.parse(value)).isEqualTo(bytes);
    }

    @Test
    void unitsShouldBeBase1024() {
        assertThat(ByteSize.parse("1k")).isEqualTo(KB);
        assertThat(ByteSize.parse("1m")).isEqualTo(MB);
        assertThat(ByteSize.parse("1g")).isEqualTo(GB);
    }

    @Test
    void parseShouldIgnoreSurroundingWhitespace() {
        assertThat(ByteSize.parse("\t64k\r\n")).isEqualTo(64 * KB);
    }

    @Test
    void parseShouldAcceptTheLargestRepresentableSize() {
        assertThat(ByteSize.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(ByteSize.parse("8589934591gb")).isEqualTo(8589934591L * GB);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {
        "",
        " ",
        "0",
        "0mb",
        "00",
        "-1",
        "-1mb",
        "+1mb",
        "1.5mb",
        "1,5mb",
        "mb",
        "kb",
        "1tb",
        "1kib",
        "1 m b",
        "1mbb",
        "1bytes",
        "ten",
        "0x400",
        "1e3",
        "1mb;",
        "1mb 2mb",
    })
    void parseShouldRejectInvalidSizesNamingThem(String value) {
        assertThatThrownBy(() -> ByteSize.parse(value))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'" + value + "'");
    }

    @ParameterizedTest(name = "''{0}'' overflows")
    @ValueSource(strings = {
        "99999999999gb",
        "8589934592gb",
        "8796093022208mb",
        "9223372036854775808",
        "99999999999999999999999",
    })
    void parseShouldRejectSizesThatOverflowNamingThem(String value) {
        assertThatThrownBy(() -> ByteSize.parse(value))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'" + value + "'");
    }

    @Test
    void parseShouldRejectNull() {
        assertThatThrownBy(() -> ByteSize.parse(null))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
