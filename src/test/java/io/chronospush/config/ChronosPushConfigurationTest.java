package io.chronospush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

import io.chronospush.testing.DocSamples;
import io.chronospush.testing.MailetConfigs;
import io.chronospush.testing.RecordingEndpoint;
import io.chronospush.testing.TestCa;

/** The mailet's parameters, parsed and checked without starting anything. */
class ChronosPushConfigurationTest {
    private static final String URL = "http://127.0.0.1:8009/chronos/v1/itip/pushmail";
    private static final String USER_INFO = "chronos:s3cr%40t%3Apa%2Fss%25word";
    private static final String ENCODED_PASSWORD = "s3cr%40t%3Apa%2Fss%25word";

    @TempDir
    Path folder;


    private static ChronosPushConfiguration parse(String url, String... parameters) throws MessagingException {
        return ChronosPushConfiguration.from(MailetConfigs.chronosPush(url, parameters).build());
    }

    /** Whether a TLS client with {@code tls} completes a handshake with {@code https}. */
    private static boolean handshakes(SSLContext tls, RecordingEndpoint https) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", https.port())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return true;
        } catch (javax.net.ssl.SSLException refused) {
            return false;
        }
    }

    @Test
    void defaultsAreThoseOfTheParameterTable() throws Exception {
        ChronosPushConfiguration configuration = parse(URL);

        assertThat(configuration.endpoint().uri()).hasToString(URL);
        assertThat(configuration.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(configuration.method()).isEqualTo("PUT");
        assertThat(configuration.retryPolicy()).hasToString(
            io.chronospush.retry.RetryPolicy.of(Optional.empty(), Optional.empty()).toString());
        assertThat(configuration.retryQueue().asString()).isEqualTo("chronos-push");
        assertThat(configuration.failedProcessor()).isEmpty();
        assertThat(configuration.circuitBreakerThreshold()).isEqualTo(5);
    }

    @Test
    void readsEveryParameter() throws Exception {
        ChronosPushConfiguration configuration = parse(URL, "timeout", "500ms", "method", "post", "delayTime", "2 * 1s",
            "retryQueue", "other-queue", "failedProcessor", "chronos-push-failed", "circuitBreakerThreshold", "0");

        assertThat(configuration.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(configuration.method()).isEqualTo("POST");
        assertThat(configuration.retryPolicy().maxRetries()).isEqualTo(2);
        assertThat(configuration.retryQueue().asString()).isEqualTo("other-queue");
        assertThat(configuration.failedProcessor()).contains("chronos-push-failed");
        assertThat(configuration.circuitBreakerThreshold()).isZero();
    }

    @Test
    void itsStartUpLineSaysWhatTheMailetWillDoWithoutThePassword() throws Exception {
        assertThat(parse("https://" + USER_INFO + "@ox.example.com/chronos/v1/itip/pushmail", "delayTime", "2 * 10s, 1m",
            "failedProcessor", "chronos-push-failed", "circuitBreakerThreshold", "0"))
            .hasToString("ChronosPushNotification notifies https://chronos:***@ox.example.com/chronos/v1/itip/pushmail with PUT"
                + " (timeout 2000 ms); retries on queue 'chronos-push': 3 retries after 2 * 10s, 1m; given up on:"
                + " processor chronos-push-failed; circuit breaker: off");
        assertThat(parse(URL)).hasToString("ChronosPushNotification notifies " + URL + " with PUT (timeout 2000 ms); retries on queue"
            + " 'chronos-push': " + io.chronospush.retry.RetryPolicy.of(Optional.empty(), Optional.empty()) + "; given up on: logged only;"
            + " circuit breaker: opens after 5 failures in a row");
    }

    /** The README's sample: the start-up line of the mailet as conf-samples/james38/mailetcontainer.xml configures it. */
    @Test
    void theReadmesStartUpLineIsThatOfTheSampleConfiguration() throws Exception {
        FakeMailetConfig.Builder sample = FakeMailetConfig.builder().mailetName("ChronosPushNotification");
        NodeList parameters = (NodeList) XPathFactory.newInstance().newXPath().evaluate(
            "//mailet[@class='io.chronospush.ChronosPushNotification']/*", DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(DocSamples.root().resolve("conf-samples/james38/mailetcontainer.xml").toFile()), XPathConstants.NODESET);
        assertThat(parameters.getLength()).as("the sample's parameters").isPositive();
        for (int i = 0; i < parameters.getLength(); i++) {
            sample.setProperty(parameters.item(i).getNodeName(), parameters.item(i).getTextContent());
        }

        DocSamples.sample("startup-line").assertProducedBy(ChronosPushConfiguration.from(sample.build()).toString());
    }

    /** The README's sample of a value that stops James: a URL with a fragment. */
    @Test
    void theReadmesStartUpErrorIsWhatAUrlWithAFragmentGets() {
        assertThatThrownBy(() -> parse("https://chronos:s3cret@ox.example.com/chronos/v1/itip/pushmail#x"))
            .isInstanceOf(MessagingException.class)
            .satisfies(refused -> DocSamples.sample("startup-error").assertProducedBy(refused.getMessage()));
    }

    @Test
    void urlIsRequired() {
        assertThatThrownBy(() -> ChronosPushConfiguration.from(FakeMailetConfig.builder().mailetName("ChronosPushNotification").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'url'");
    }

    @Test
    void badSchemeNamesTheUrlButNotThePassword() {
        assertThatThrownBy(() -> parse("ftp://" + USER_INFO + "@ox.example.com/chronos/v1/itip/pushmail"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'url'")
            .hasMessageContaining("ftp://chronos:***@ox.example.com/chronos/v1/itip/pushmail")
            .hasMessageNotContaining(ENCODED_PASSWORD);
    }

    @Test
    void urlWithSpacesIsRefused() {
        assertThatThrownBy(() -> parse("http://chronos:pass word@ox.example.com/chronos/v1/itip/pushmail"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'url'")
            .hasMessageNotContaining("pass word");
    }

    @Test
    void urlWithALineBreakIsRefusedOnOneLine() {
        assertThatThrownBy(() -> parse("https://" + USER_INFO + "@ox.example.com/chronos\r\nX-Injected: 1"))
            .isInstanceOf(MessagingException.class)
            .hasMessage("ChronosPushNotification: invalid 'url' parameter: 'https://chronos:***@ox.example.com/chronos\\r\\nX-Injected: 1'"
                + " contains a line break (CR) at index 42, after 'mple.com/chronos': a URL cannot; percent-encode it (a space as %20) or remove it");
    }

    @Test
    void urlWithATabIsRefusedNamingIt() {
        assertThatThrownBy(() -> parse("https://ox.example.com/chronos/v1/itip/push\tmail"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'url'")
            .hasMessageContaining("'https://ox.example.com/chronos/v1/itip/push\\tmail' contains a tab");
    }

    @Test
    void urlThatIsOnlySpacesIsMissing() {
        assertThatThrownBy(() -> parse("   "))
            .isInstanceOf(MessagingException.class)
            .hasMessage("ChronosPushNotification: the 'url' parameter is required");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} = ''{1}''")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "delayTime               | 5 * soon    | '5 * soon' has no duration such as 10s, 1m or 6h",
        "delayTime               | 2 * 3 * 1s  | '2 * 3 * 1s' has more than one '*'",
        "delayTime               | x * 10s     | 'x * 10s' does not start with a number of attempts",
        "delayTime               | ' , '       | ',' has no delay",
        "maxRetries              | -1          | '-1' is not a whole number, 0 or more",
        "maxRetries              | many        | 'many' is not a whole number, 0 or more",
        "circuitBreakerThreshold | five        | 'five' is not a whole number, 0 or more",
        "circuitBreakerThreshold | 2.5         | '2.5' is not a whole number, 0 or more",
        "timeout                 | -2s         | '-2s' is not a duration such as 500ms, 2s or 1m",
    })
    void badValueStopsInitWithOneMessageNamingParameterAndValue(String parameter, String value, String reason) {
        assertThatThrownBy(() -> parse(URL, parameter, value))
            .isInstanceOf(MessagingException.class)
            .hasMessage("ChronosPushNotification: invalid '" + parameter + "' parameter: " + reason);
    }

    @Test
    void badTimeoutNamesParameterAndValue() {
        assertThatThrownBy(() -> parse(URL, "timeout", "soon"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'timeout'")
            .hasMessageContaining("'soon'");
    }

    @Test
    void zeroTimeoutIsRefused() {
        assertThatThrownBy(() -> parse(URL, "timeout", "0s"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'timeout'")
            .hasMessageContaining("'0s'");
    }

    @Test
    void badMethodNamesParameterAndValue() {
        assertThatThrownBy(() -> parse(URL, "method", "GET"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'method'")
            .hasMessageContaining("'GET'");
    }

    @Test
    void missingCaFileNamesThePath() {
        Path missing = folder.resolve("missing.pem");
        assertThatThrownBy(() -> parse(URL, "caFile", missing.toString()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'caFile'")
            .hasMessageContaining(missing.toString());
    }

    @Test
    void caFileThatCannotBeReadNamesThePathAndTheReason() {
        // A directory: unreadable as a file even for root, where permissions would not stop a read.
        assertThatThrownBy(() -> parse(URL, "caFile", folder.toString()))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("ChronosPushNotification: invalid 'caFile' parameter: cannot read '" + folder + "': ")
            .hasMessageContaining("IOException");
    }

    @Test
    void caFileWithADamagedCertificateIsRefused() throws Exception {
        Path damaged = Files.writeString(folder.resolve("damaged.pem"),
            "-----BEGIN CERTIFICATE-----\nMIIBdamaged\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> parse(URL, "caFile", damaged.toString()))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("ChronosPushNotification: invalid 'caFile' parameter: '" + damaged + "' is not a PEM certificate bundle: ");
    }

    @Test
    void caFileThatIsNoCertificateIsRefused() throws Exception {
        Path notACertificate = Files.writeString(folder.resolve("notes.txt"), "not a certificate");
        assertThatThrownBy(() -> parse(URL, "caFile", notACertificate.toString()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'caFile'")
            .hasMessageContaining(notACertificate.toString());
    }

    @Test
    void caFilePasswordWithoutCaFileIsRefused() {
        assertThatThrownBy(() -> parse(URL, "caFilePassword", "changeit"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'caFilePassword' is set but 'caFile' is not")
            .hasMessageNotContaining("changeit");
    }

    @Test
    void caFileAcceptsJamesFilePrefix() throws Exception {
        TestCa ca = TestCa.create("Internal CA");
        Path pem = ca.writePem(folder.resolve("ca.pem"));

        ChronosPushConfiguration configuration = parse(URL, "caFile", "file://" + pem);

        try (RecordingEndpoint https = RecordingEndpoint.https(ca.serverContext())) {
            assertThat(handshakes(configuration.tls(), https)).isTrue();
            // The control: the JVM's own CAs do not know this one.
            assertThat(handshakes(parse(URL).tls(), https)).isFalse();
        }
    }

    @Test
    void caFilePasswordIsNeverShown() throws Exception {
        TestCa ca = TestCa.create("Internal CA");
        Path store = ca.writePkcs12(folder.resolve("ca.p12"), "right-password".toCharArray());
        assertThatThrownBy(() -> parse(URL, "caFile", store.toString(), "caFilePassword", "wrong-password"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'caFile'")
            .hasMessageNotContaining("wrong-password")
            .hasMessageNotContaining("right-password");
    }
}
