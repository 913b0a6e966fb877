package io.chronospush.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {
    @Test
    void userInfoBecomesBasicAuthenticationAndLeavesTheUri() {
        Endpoint endpoint = Endpoint.parse("https://chronos:secret@ox.example.com:8009/chronos/v1/itip/pushmail");

        assertThat(endpoint.uri()).hasToString("https://ox.example.com:8009/chronos/v1/itip/pushmail");
        assertThat(endpoint.authorization()).contains("Basic " + base64("chronos:secret"));
        assertThat(endpoint).hasToString("https://chronos:***@ox.example.com:8009/chronos/v1/itip/pushmail");
    }

    @Test
    void userInfoIsPercentDecoded() {
        Endpoint endpoint = Endpoint.parse("http://ox%40admin:p%3Ass%2F%40%25w%20rd@ox.example.com/push");

        assertThat(endpoint.authorization()).contains("Basic " + base64("ox@admin:p:ss/@%w rd"));
        assertThat(endpoint.toString()).doesNotContain("p%3Ass").contains("ox%40admin:***@ox.example.com");
    }

    @Test
    void plusInUserInfoStaysAPlus() {
        assertThat(Endpoint.parse("http://a:b+c@ox.example.com/").authorization()).contains("Basic " + base64("a:b+c"));
    }

    @Test
    void hasNoAuthorizationWithoutUserInfo() {
        Endpoint endpoint = Endpoint.parse("http://127.0.0.1:8009/chronos/v1/itip/pushmail?x=1");

        assertThat(endpoint.authorization()).isEmpty();
        assertThat(endpoint.uri()).hasToString("http://127.0.0.1:8009/chronos/v1/itip/pushmail?x=1");
    }

    @Test
    void keepsAnEmptyPathAsSlash() {
        assertThat(Endpoint.parse("http://ox.example.com").uri()).hasToString("http://ox.example.com/");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ftp://chronos:secret@ox.example.com/push",
        "chronos:secret@ox.example.com/push",
        "http://chronos:sec ret@ox.example.com/push",
        "http://chronos:secret@ox.example.com/push\r\nX: y",
        "http://chronos:secret@/push",
        "http://chronos:secret@ox.example.com/push#fragment"})
    void refusesWhatIsNoHttpUrlWithoutShowingThePassword(String url) {
        assertThatThrownBy(() -> Endpoint.parse(url))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageNotContaining("secret")
            .hasMessageNotContaining("sec ret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://chronos:secret@ox.example.com:99999/push|'http://chronos:***@ox.example.com:99999/push' has port 99999",
        "https://ox.example.com:0/push|'https://ox.example.com:0/push' has port 0",
        "https://chronos:secret@ox.example.com:65536/push|'https://chronos:***@ox.example.com:65536/push' has port 65536",
        "https://chronos:secret@[::1]:65536/push|'https://chronos:***@[::1]:65536/push' has port 65536",
        "https://chronos:secret@ox.example.com:99999999999/push|'https://chronos:***@ox.example.com:99999999999/push' has port 99999999999"})
    void refusesAPortOutsideTheTcpRangeNamingIt(String url, String message) {
        assertThatThrownBy(() -> Endpoint.parse(url))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message + ": a TCP port is 1 to 65535")
            .hasMessageNotContaining("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://ox.example.com:1/push", "https://ox.example.com:65535/push", "http://ox.example.com:/push"})
    void takesThePortsAtTheEndsOfTheRangeAndAnEmptyOne(String url) {
        assertThat(Endpoint.parse(url).uri().getHost()).isEqualTo("ox.example.com");
    }

    @Test
    void aHostUriCannotReadIsNotTakenForABadPort() {
        assertThatThrownBy(() -> Endpoint.parse("http://chronos:secret@ox_push.example.com:8009/push"))
            .hasMessage("'http://chronos:***@ox_push.example.com:8009/push' has no valid host");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"https://ox.example.com/push\r\nX-Injected: 1\" | 'https://ox.example.com/push\\r\\nX-Injected: 1' contains a line break (CR)"
            + " at index 27, after 'example.com/push'",
        "\"https://ox.example.com/push\nX: 1\" | 'https://ox.example.com/push\\nX: 1' contains a line break (LF) at index 27, after 'example.com/push'",
        "\"https://chronos:se cret@ox.example.com/push\" | 'https://chronos:***@ox.example.com/push' contains a space in the password,"
            + " masked here as ***",
        "\"https://chronos:secret@ox example.com/push\" | 'https://chronos:***@ox example.com/push' contains a space at index 22,"
            + " after '//chronos:***@ox'",
        "\"https://ox.example.com/pu\tsh\" | 'https://ox.example.com/pu\\tsh' contains a tab at index 25, after 'x.example.com/pu'",
        "\"https://ox.example.com/\u0001push\" | 'https://ox.example.com/\\u0001push' contains a control character (U+0001) at index 23,"
            + " after '/ox.example.com/'",
        "\" https://ox.example.com/push\" | ' https://ox.example.com/push' contains a space at index 0, at the start",
    })
    void refusesWhitespaceAndControlCharactersNamingThemOnOneLine(String url, String message) {
        assertThatThrownBy(() -> Endpoint.parse(url))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message + ": a URL cannot; percent-encode it (a space as %20) or remove it")
            .hasMessageNotContaining("\r")
            .hasMessageNotContaining("\n");
    }

    /** A URI's error index counts in the URL as written, with its password; the message counts in what it shows. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://chronos:secret@ox.example.com/pu%zzsh|'https://chronos:***@ox.example.com/pu%zzsh' is not a valid URL"
            + " (Malformed escape pair at index 37, after 'x.example.com/pu')",
        "https://chronos:p@ss:w/rd%1#x@ox.example.com/chronos/v1/itip/pushmail|'https://chronos:***@ox.example.com/chronos/v1/itip/pushmail'"
            + " is not a valid URL (Malformed escape pair in the password, masked here as ***)",
        "https://ox.example.com/pu%zzsh|'https://ox.example.com/pu%zzsh' is not a valid URL (Malformed escape pair at index 25,"
            + " after 'x.example.com/pu')"})
    void pointsAtAnInvalidPartInTheUrlAsShown(String url, String message) {
        assertThatThrownBy(() -> Endpoint.parse(url))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message);
        String shown = message.substring(1, message.indexOf("' "));
        if (message.contains(" at index ")) {
            int index = Integer.parseInt(message.replaceAll(".* at index (\\d+),.*", "$1"));
            assertThat(shown.substring(index)).as("what the index points at").startsWith("%zz");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://chronos:secret@ox.example.com/push|https://chronos:***@ox.example.com/push",
        "https://chronos@ox.example.com/push|https://chronos@ox.example.com/push",
        "https://ox.example.com/push|https://ox.example.com/push",
        "http://chronos:pa/ss@ox.example.com/push|http://chronos:***@ox.example.com/push",
        "http://chronos:p@ss@ox.example.com/push|http://chronos:***@ox.example.com/push",
        "chronos:secret@ox.example.com|chronos:***@ox.example.com"})
    void masksThePasswordEvenInBrokenUrls(String url, String masked) {
        assertThat(Endpoint.mask(url)).isEqualTo(masked);
    }

    private static String base64(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
