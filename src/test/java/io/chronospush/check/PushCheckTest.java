package io.chronospush.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chronospush.payload.PushPayload;
import io.chronospush.testing.DocSamples;
import io.chronospush.testing.Messages;
import io.chronospush.testing.PlainHttpPort;
import io.chronospush.testing.RecordingEndpoint;
import io.chronospush.testing.TestCa;

class PushCheckTest {
    private static final String PASSWORD = "s3cr&t:pa/ss";
    private static final String ENCODED_PASSWORD = "s3cr%26t%3Apa%2Fss";
    private static final String USER_INFO = "chronos:" + ENCODED_PASSWORD;
    private static final String INVITE = "corpus/positive/outlook16_singlepart_request.eml";
    /** The credentials the documentation's samples show in the command line. */
    private static final String SAMPLE_USER_INFO = "chronos:s3cret";

    @TempDir
    Path directory;

    private RecordingEndpoint endpoint;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void tearDown() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private int check(String... args) {
        return PushCheck.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private String invite() throws Exception {
        return write("invite.eml", Messages.bytes(INVITE));
    }

    private String write(String name, byte[] content) throws Exception {
        return Files.write(directory.resolve(name), content).toString();
    }

    /** {@code message} with CRLF line ends, as SMTP delivers it: the test's own conversion, not the tool's. */
    private static byte[] crlf(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void sendsTheNotificationTheMailetWouldAndSaysItWasAccepted() throws Exception {
        endpoint = RecordingEndpoint.http();

        int status = check("--url", endpoint.url(USER_INFO), "--user", "bob@example.com", "--folder", "Calendar", invite());

        assertThat(status).isEqualTo(PushCheck.ACCEPTED);
        assertThat(endpoint.requests()).singleElement().satisfies(request -> {
            assertThat(request.method).isEqualTo("PUT");
            assertThat(request.path).isEqualTo(RecordingEndpoint.PATH);
            assertThat(request.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("chronos:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            assertThat(request.body).isEqualTo(new PushPayload(crlf(Messages.bytes(INVITE))).forRecipient("bob@example.com", "Calendar").toByteArray());
        });
        assertThat(out.toString(StandardCharsets.UTF_8))
            .contains("PUT http://chronos:***@127.0.0.1:" + endpoint.port() + RecordingEndpoint.PATH)
            .contains("user bob@example.com, folder Calendar")
            .contains("ACCEPTED: HTTP 200: accepted");
        assertNoSecretIn(output());
    }

    /** The README's sample, command line included: the tool against a local stand-in for OX. */
    @Test
    void printsTheReadmesSampleOfAnAcceptedNotification() throws Exception {
        endpoint = RecordingEndpoint.http();

        String printed = sampleRun(PushCheck.ACCEPTED, "--url", endpoint.url(SAMPLE_USER_INFO), "--user", "bob@example.com",
            "--folder", "Calendar", invite());

        DocSamples.sample("check-accepted").assertProducedBy(printed);
    }

    /**
     * tls-and-secrets.md's sample: a certificate from a CA the JVM does not trust. The JDK's part
     * of the message varies between Java versions; the normaliser drops the one part seen to vary.
     */
    @Test
    void printsTheTlsSampleForACertificateFromAnUnknownCa() throws Exception {
        endpoint = RecordingEndpoint.https(TestCa.create("Internal CA").serverContext());

        String printed = sampleRun(PushCheck.NOT_ACCEPTED, "--url",
            "https://" + SAMPLE_USER_INFO + "@localhost:" + endpoint.port() + RecordingEndpoint.PATH, "--user", "bob@example.com", invite());

        DocSamples.sample("check-tls").assertProducedBy(printed);
    }

    /**
     * Runs the tool as a sample shows it: the command line (the jar in {@code target/}, the
     * message file in the working directory), then what it printed.
     */
    private String sampleRun(int expectedStatus, String... args) {
        String jar = "target/james-chronos-push-" + DocSamples.fromPom("pom.xml", "/project/version") + "-james38.jar";

        assertThat(check(args)).as(output()).isEqualTo(expectedStatus);

        String inWorkingDirectory = directory + java.io.File.separator;
        return ("$ java -jar " + jar + " " + String.join(" ", args) + "\n" + output()).replace(inWorkingDirectory, "");
    }

    @Test
    void explainsWrongCredentialsAndFails() throws Exception {
        endpoint = RecordingEndpoint.http().answering(RecordingEndpoint.status(401, Map.of("WWW-Authenticate", "Basic realm=\"OX REST\""), ""));

        int status = check("--url", endpoint.url(USER_INFO), "--user", "bob@example.com", invite());

        assertThat(status).isEqualTo(PushCheck.NOT_ACCEPTED);
        assertThat(endpoint.requests()).hasSize(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
            .contains("NOT ACCEPTED: HTTP 401: wrong credentials (WWW-Authenticate: Basic realm=\"OX REST\")")
            .contains("com.openexchange.rest.services.basic-auth.login");
        assertNoSecretIn(output());
        String printed = out.toString(StandardCharsets.UTF_8).stripTrailing();
        DocSamples.sample("check-401").assertProducedBy(printed.substring(printed.lastIndexOf('\n') + 1));
    }

    @Test
    void explainsMissingRestCredentialsOnOx() throws Exception {
        endpoint = RecordingEndpoint.http().answering(RecordingEndpoint.status(403));

        assertThat(check("--url", endpoint.url(USER_INFO), "--user", "bob@example.com", invite())).isEqualTo(PushCheck.NOT_ACCEPTED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("NOT ACCEPTED: HTTP 403: forbidden: OX has no REST credentials configured");
    }

    @Test
    void failsClosedOnAnUntrustedCertificateAndPointsToTheCaFile() throws Exception {
        TestCa ca = TestCa.create("Check CA");
        endpoint = RecordingEndpoint.https(ca.serverContext());

        int status = check("--url", endpoint.url(USER_INFO), "--user", "bob@example.com", invite());

        assertThat(status).isEqualTo(PushCheck.NOT_ACCEPTED);
        assertThat(endpoint.requests()).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8))
            .contains("NOT ACCEPTED: TLS failure: ")
            .contains("Here, --ca-file is the mailet's 'caFile'.");
        assertNoSecretIn(output());
    }

    @Test
    void saysWhenAnHttpsUrlPointsAtAPlainHttpPort() throws Exception {
        try (PlainHttpPort plain = PlainHttpPort.open()) {
            int status = check("--url", "https://" + USER_INFO + "@127.0.0.1:" + plain.port() + RecordingEndpoint.PATH, "--user", "bob@example.com",
                invite());

            assertThat(status).isEqualTo(PushCheck.NOT_ACCEPTED);
            assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("NOT ACCEPTED: TLS failure: ")
                .contains(" (the endpoint does not speak TLS on port " + plain.port() + ": is the 'url' meant to be http://, or is the port wrong?)")
                .doesNotContain("caFile", "--ca-file");
        }
        assertNoSecretIn(output());
    }

    @Test
    void trustsTheCaOfTheCaFile() throws Exception {
        TestCa ca = TestCa.create("Check CA");
        endpoint = RecordingEndpoint.https(ca.serverContext());
        Path pem = ca.writePem(directory.resolve("ca.pem"));

        int status = check("--url", endpoint.url(USER_INFO), "--user", "bob@example.com", "--ca-file", pem.toString(), invite());

        assertThat(status).isEqualTo(PushCheck.ACCEPTED);
        assertThat(endpoint.requests()).hasSize(1);
    }

    @Test
    void saysWhenNothingListens() throws Exception {
        endpoint = RecordingEndpoint.http();
        String url = endpoint.url(USER_INFO);
        endpoint.close();

        int status = check("--url", url, "--user", "bob@example.com", "--timeout-ms", "500", invite());

        assertThat(status).isEqualTo(PushCheck.NOT_ACCEPTED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("NOT ACCEPTED: cannot connect");
        assertNoSecretIn(output());
    }

    @Test
    void dryRunPrintsTheJsonAndSendsNothing() throws Exception {
        endpoint = RecordingEndpoint.http();

        int status = check("--dry-run", "--url", endpoint.url(USER_INFO), "--user", "bob@example.com", invite());

        assertThat(status).isEqualTo(PushCheck.ACCEPTED);
        assertThat(endpoint.requests()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());
        assertThat(json.get("user").asText()).isEqualTo("bob@example.com");
        assertThat(json.get("event").asText()).isEqualTo(PushPayload.EVENT);
        assertThat(json.get("folder").asText()).isEqualTo("INBOX");
        assertThat(json.get("body").asText()).isEqualTo(new String(crlf(Messages.bytes(INVITE)), StandardCharsets.UTF_8));
    }

    /**
     * Most tools save a mail with bare LF line ends; James receives it over SMTP with CRLF, and the
     * mailet sends those bytes. The check tool sends what the mailet would, whichever the file has.
     */
    @Test
    void sendsTheLineEndsSmtpDeliversWhateverTheFileHas() throws Exception {
        endpoint = RecordingEndpoint.http();
        byte[] crlf = crlf(Messages.bytes(INVITE));
        byte[] lf = new String(crlf, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] cr = new String(crlf, StandardCharsets.ISO_8859_1).replace("\r\n", "\r").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(lf).isNotEqualTo(crlf).doesNotContain('\r');

        String asSaved = "";
        for (byte[] file : List.of(crlf, lf, cr)) {
            out.reset();
            assertThat(check("--url", endpoint.url(USER_INFO), "--user", "bob@example.com", write("invite.eml", file))).isEqualTo(PushCheck.ACCEPTED);
            asSaved = asSaved + out.toString(StandardCharsets.UTF_8);
        }

        byte[] mailetSends = new PushPayload(crlf).forRecipient("bob@example.com", "INBOX").toByteArray();
        assertThat(endpoint.requests()).hasSize(3)
            .allSatisfy(request -> assertThat(request.bodyAsString()).isEqualTo(new String(mailetSends, StandardCharsets.UTF_8)));
        assertThat(asSaved.split(java.util.regex.Pattern.quote("(line ends normalised to CRLF, as SMTP delivers them)"), -1))
            .as("said for the LF and the CR file, not for the CRLF one").hasSize(3);
        assertThat(asSaved.substring(0, asSaved.indexOf("ACCEPTED"))).doesNotContain("normalised");
    }

    @Test
    void aDryRunShowsTheLineEndsSmtpDelivers() throws Exception {
        byte[] crlf = crlf(Messages.bytes(INVITE));
        byte[] lf = new String(crlf, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);

        int status = check("--dry-run", "--url", "http://127.0.0.1/x", "--user", "bob@example.com", write("invite.eml", lf));

        assertThat(status).isEqualTo(PushCheck.ACCEPTED);
        assertThat(new ObjectMapper().readTree(out.toByteArray()).get("body").asText()).isEqualTo(new String(crlf, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualToIgnoringNewLines("(line ends normalised to CRLF, as SMTP delivers them)");
    }

    @Test
    void rejectsAWrongCommandLineWithTheReasonAndTheUsage() throws Exception {
        String invite = invite();
        List<String[]> wrong = new ArrayList<>();
        wrong.add(new String[] {"--user", "bob@example.com", invite});
        wrong.add(new String[] {"--url", "http://127.0.0.1/x", invite});
        wrong.add(new String[] {"--url", "http://127.0.0.1/x", "--user", "bob@example.com"});
        wrong.add(new String[] {"--url", "ftp://chronos:" + ENCODED_PASSWORD + "@ox.example.com/", "--user", "bob@example.com", invite});
        wrong.add(new String[] {"--url", "http://127.0.0.1/x", "--user", "bob@example.com", "--timeout-ms", "soon", invite});
        wrong.add(new String[] {"--url", "http://127.0.0.1/x", "--user", "bob@example.com", "--method", "GET", invite});
        wrong.add(new String[] {"--url", "http://127.0.0.1/x", "--user", "bob@example.com", "--frobnicate", invite});
        wrong.add(new String[] {"--url", "http://127.0.0.1/x", "--user", "bob@example.com", directory.resolve("missing.eml").toString()});
        wrong.add(new String[] {"--url", "http://127.0.0.1/x", "--user", "bob@example.com", "--ca-file", invite, invite});
        wrong.add(new String[] {"--url"});

        for (String[] args : wrong) {
            out.reset();
            err.reset();
            assertThat(check(args)).as(String.join(" ", args)).isEqualTo(PushCheck.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).startsWith("error: ").contains("Usage: java -jar");
            assertNoSecretIn(output());
        }
        out.reset();
        err.reset();
        check("--url", "ftp://chronos:" + ENCODED_PASSWORD + "@ox.example.com/", "--user", "bob@example.com", invite);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: --url: 'ftp://chronos:***@ox.example.com/' is not an http or https URL");
    }

    @Test
    void printsTheUsageWhenAskedOrGivenNothing() {
        assertThat(check("--help")).isEqualTo(PushCheck.ACCEPTED);
        assertThat(check()).isEqualTo(PushCheck.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--dry-run");
    }

    private static void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain(ENCODED_PASSWORD)
            .doesNotContain(Base64.getEncoder().encodeToString(("chronos:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
}
