package io.chronospush.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UntrustedTextTest {
    private static final String PASSWORD = "p@ss:w/rd%1# é";
    private static final String ENCODED_PASSWORD = "p%40ss%3Aw%2Frd%251%23%20%C3%A9";
    /** Base64 of chronos:p@ss:w/rd%1# é. */
    private static final String TOKEN = "Y2hyb25vczpwQHNzOncvcmQlMSMgw6k=";
    private static final UntrustedText WORDS = Endpoint.parse("https://chronos:" + ENCODED_PASSWORD + "@ox.example.com/push").untrustedText();

    @Test
    void theTokenIsTheUrlsBasicToken() {
        assertThat(TOKEN).isEqualTo(Base64.getEncoder().encodeToString(("chronos:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Basic " + TOKEN,
        "token without its padding: Y2hyb25vczpwQHNzOncvcmQlMSMgw6k",
        "chronos:" + PASSWORD,
        "chronos:" + ENCODED_PASSWORD,
        "password " + PASSWORD,
        "as in the url " + ENCODED_PASSWORD,
        "in lower case p%40ss%3aw%2frd%251%23%20%c3%a9",
        "Y2hyb25vczpwQHNzOncvcmQlMSMgw6k=Y2hyb25vczpwQHNzOncvcmQlMSMgw6k="})
    void masksEachFormOfTheSecret(String echoed) {
        assertThat(WORDS.quote(echoed))
            .contains(Endpoint.MASK)
            .doesNotContain(PASSWORD, ENCODED_PASSWORD, TOKEN, "Y2hyb25vczpwQHNzOncvcmQlMSMgw6k", "p%40ss%3aw%2frd");
    }

    @Test
    void masksThePairWholeAndLeavesTheLogin() {
        assertThat(WORDS.quote("user chronos sent chronos:" + PASSWORD + ".")).isEqualTo("user chronos sent ***.");
    }

    @Test
    void masksTheStartOfASecretAtTheEndOfACutText() {
        String cut = "you sent Authorization: Basic " + TOKEN.substring(0, 10);

        assertThat(WORDS.quote(cut, true)).isEqualTo("you sent Authorization: Basic ***...");
        assertThat(WORDS.quote("password " + PASSWORD.substring(0, 13) + "\uFFFD", true)).isEqualTo("password ***...");
        assertThat(WORDS.quote("an ordinary end", true)).isEqualTo("an ordinary end...");
    }

    @Test
    void putsTheTextOnOneLine() {
        assertThat(WORDS.quote("one\r\ntwo\nthree\rfour\tfive\u0000six\u007Fseven\u0085eight\u2028nine"))
            .isEqualTo("one\\r\\ntwo\\nthree\\rfour\\tfive\\u0000six\\u007Fseven\\u0085eight\\u2028nine");
    }

    @Test
    void stripsWhitespaceAroundTheText() {
        assertThat(WORDS.quote("\r\n  {\"error\":\"bad\"}\r\n")).isEqualTo("{\"error\":\"bad\"}");
    }

    @Test
    void cutsALongTextWithAnEllipsis() {
        assertThat(WORDS.quote("x".repeat(UntrustedText.LIMIT))).isEqualTo("x".repeat(UntrustedText.LIMIT));
        assertThat(WORDS.quote("x".repeat(UntrustedText.LIMIT + 1))).isEqualTo("x".repeat(UntrustedText.LIMIT) + "...");
    }

    @Test
    void neverCutsAnEscapeOrASurrogatePairInTwo() {
        assertThat(WORDS.quote("x".repeat(UntrustedText.LIMIT - 1) + "\nx")).isEqualTo("x".repeat(UntrustedText.LIMIT - 1) + "...");
        assertThat(WORDS.quote("x".repeat(UntrustedText.LIMIT - 1) + "\uD83D\uDCC5x")).isEqualTo("x".repeat(UntrustedText.LIMIT - 1) + "...");
        assertThat(WORDS.quote("x".repeat(UntrustedText.LIMIT - 2) + "\uD83D\uDCC5x")).isEqualTo("x".repeat(UntrustedText.LIMIT - 2) + "\uD83D\uDCC5...");
    }

    @Test
    void aSecretIsMaskedBeforeTheTextIsCut() {
        String echoed = "x".repeat(UntrustedText.LIMIT - 10) + TOKEN;

        assertThat(WORDS.quote(echoed)).isEqualTo("x".repeat(UntrustedText.LIMIT - 10) + Endpoint.MASK);
    }

    @Test
    void anEndpointWithoutCredentialsHasOnlyItsTextPutOnOneLine() {
        UntrustedText words = Endpoint.parse("https://ox.example.com/push").untrustedText();

        assertThat(words.quote("chronos:secret\r\nBasic Y2hyb25vczpzZWNyZXQ=")).isEqualTo("chronos:secret\\r\\nBasic Y2hyb25vczpzZWNyZXQ=");
    }

    @Test
    void aLoginWithoutPasswordMasksOnlyTheToken() {
        UntrustedText words = Endpoint.parse("https://chronos@ox.example.com/push").untrustedText();
        String token = Base64.getEncoder().encodeToString("chronos:".getBytes(StandardCharsets.UTF_8));

        assertThat(words.quote("chronos: Basic " + token)).isEqualTo("chronos: Basic ***");
    }
}
