package io.chronospush.embedded;

import static io.chronospush.embedded.JamesScenario.BOB;
import static io.chronospush.embedded.JamesScenario.CALENDAR;
import static io.chronospush.embedded.JamesScenario.DEAD_LETTERS;
import static io.chronospush.embedded.JamesScenario.LOGIN;
import static io.chronospush.embedded.JamesScenario.PASSWORD;
import static io.chronospush.embedded.JamesScenario.USERS;
import static io.chronospush.embedded.JamesScenario.endpoint;
import static io.chronospush.embedded.JamesScenario.eventually;
import static io.chronospush.embedded.JamesScenario.url;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chronospush.testing.DocSamples;

/**
 * The extension in James's webadmin and health checks, as the samples {@code conf-samples/james38/webadmin.properties}
 * and {@code healthcheck.properties} set them up: {@code GET /healthcheck} follows the endpoint
 * (healthy, degraded while it refuses connections and the circuit is open, healthy again),
 * {@code GET /chronos-push} shows what this test produced, {@code POST /chronos-push/check}
 * reaches the endpoint, {@code GET /metrics} counts what the endpoint received. Mailet, matcher,
 * health check and route share one {@code PushStatus}: the figures the route and the health
 * check show are those the mailet and the matcher count. Each answer shown in
 * docs/webadmin-and-health.md is produced here and checked against it.
 */
class ChronosPushInWebAdminIT extends InJames {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEALTH = "/healthcheck";
    private static final String OWN_HEALTH = "/healthcheck/checks/ChronosPush";
    /** In the one line of GET /healthcheck: the overall status, and the extension's check. */
    private static final String OVERALL_AND_OWN = "^\\{\"status\":\"[a-z]+\"|\\{\"componentName\":\"ChronosPush\"[^}]*\\}";
    private static final String STATUS = "/chronos-push";
    private static final String CHECK = "/chronos-push/check?user=" + BOB + "&folder=" + CALENDAR;
    /** A first retry late enough for every call to see the notifications waiting, the later ones quick. */
    private static final String DELAY_TIME = "15s, 5 * 1s";
    private static final String FIRST_QUEUE = "chronos-push-15s";
    /** Two mails to three users: six failures, one more than the five that open the circuit. */
    private static final int MAILS = 2;

    private final List<Executable> checks = new ArrayList<>();

    @Test
    void webAdminShowsTheHealthTheFiguresAndChecksTheEndpoint() throws Exception {
        int port = JamesScenario.freePort();
        Map<String, String> parameters = endpoint(url(port));
        parameters.put("delayTime", DELAY_TIME);
        JamesScenario.enableWebAdmin(workDir);
        james = JamesScenario.boot(workDir, parameters);
        WebAdmin webAdmin = new WebAdmin(james.webAdminPort());
        String webAdminUrl = "http://127.0.0.1:" + james.webAdminPort();
        String masked = url(port).replace(PASSWORD, "***");

        // Healthy: no attempt yet. Listed beside James's own checks, and alone.
        String healthy = webAdmin.curl("GET", HEALTH);
        assertThat(ownCheck(JSON.readTree(healthy)).path("status").asText()).isEqualTo("healthy");
        assertThat(JSON.readTree(healthy).path("checks")).as("James's own checks too").hasSizeGreaterThan(1);
        assertThat(JSON.readTree(webAdmin.curl("GET", OWN_HEALTH)).path("status").asText()).isEqualTo("healthy");
        // James lists its checks in no set order: the sample shows what grep -o picks out of the answer.
        check(DocSamples.sample("healthcheck-healthy"), "$ curl -s " + webAdminUrl + HEALTH + " | grep -oE '" + OVERALL_AND_OWN + "'\n"
            + Pattern.compile(OVERALL_AND_OWN).matcher(healthy).results().map(MatchResult::group).collect(Collectors.joining("\n")));

        // Nothing listens on the endpoint's port: six failures open the circuit.
        send(MAILS);
        eventually().until(() -> mailet(webAdmin).path("circuit").path("state").asText().equals("open"));
        String degraded = webAdmin.curl("GET", OWN_HEALTH);
        assertNoSecretIn(degraded);
        JsonNode degradedCheck = JSON.readTree(degraded);
        assertThat(degradedCheck.path("status").asText()).isEqualTo("degraded");
        assertThat(degradedCheck.path("cause").asText()).startsWith("notifications to " + masked + " fail: circuit open, 6 attempts in a row failed, the last at ")
            .contains("cannot connect");
        JsonNode all = webAdmin.get(HEALTH);
        assertThat(all.path("status").asText()).as("GET /healthcheck, answered 200").isEqualTo("degraded");
        assertThat(ownCheck(all).path("cause").asText()).isEqualTo(degradedCheck.path("cause").asText());
        check(DocSamples.sample("healthcheck-degraded"), "$ curl " + webAdminUrl + OWN_HEALTH + "\n" + degraded);
        JsonNode waiting = mailet(webAdmin);
        assertThat(pending(waiting, FIRST_QUEUE)).as("one mail a queued notification, on the queue of the first delay").isEqualTo(MAILS);
        assertThat(waiting.path("lastFailure").path("reason").asText()).contains("cannot connect");
        assertThat(webAdmin.queueSize(FIRST_QUEUE)).as("what James's own GET /mailQueues says").isEqualTo(MAILS);

        // The endpoint comes up: the retries are accepted, the circuit closes.
        sink = ChronosSink.start(port, LOGIN, PASSWORD, notification -> { });
        eventually().until(() -> sink.received().size() == MAILS * USERS.size());
        eventually().untilAsserted(() -> assertThat(JSON.readTree(webAdmin.curl("GET", OWN_HEALTH)).path("status").asText()).isEqualTo("healthy"));
        assertThat(sentTotal(webAdmin)).as("chronosPush_sent_total, against the notifications the endpoint received")
            .isEqualTo(sink.received().size());

        // OX's REST password changed: a dead letter.
        sink.setPassword("changed on OX");
        send(1);
        eventually().until(() -> james.repository(DEAD_LETTERS).size() == 1);
        sink.setPassword(PASSWORD);

        String status = webAdmin.curl("GET", STATUS);
        JsonNode figures = JSON.readTree(status);
        JsonNode since = figures.path("sinceStart");
        assertThat(List.of(since.path("matched").asLong(), since.path("sent").asLong(), since.path("retried").asLong(),
            since.path("deadLettered").asLong())).as("matched, sent, retried, dead-lettered").containsExactly(3L, 6L, 6L, 1L);
        JsonNode mailet = figures.path("mailets").get(0);
        assertThat(mailet.path("endpoint").asText()).isEqualTo(masked);
        assertThat(mailet.path("circuit").path("state").asText()).isEqualTo("closed");
        assertThat(mailet.path("pendingRetries")).allSatisfy(queue -> assertThat(queue.path("pending").asLong()).isZero());
        assertThat(mailet.path("deadLetters").path("failedProcessor").asText()).isEqualTo("chronos-push-failed");
        assertThat(mailet.path("lastFailure").path("reason").asText()).startsWith("HTTP 401");
        assertNoSecretIn(status);
        check(DocSamples.sample("chronos-push-status"), "$ curl " + webAdminUrl + STATUS + "\n" + status);

        String metrics = webAdmin.curl("GET", "/metrics").lines()
            .filter(line -> line.startsWith("chronosPush_pendingRetries") || line.startsWith("chronosPush_circuitOpen"))
            .collect(Collectors.joining("\n"));
        assertThat(metrics).contains("chronosPush_pendingRetries 0").contains("chronosPush_circuitOpen 0");
        check(DocSamples.sample("metrics-gauges"), "$ curl -s " + webAdminUrl + "/metrics | grep -E '^chronosPush_(pendingRetries|circuitOpen)'\n" + metrics);

        // One notification now, as the check tool sends it.
        byte[] invite = JamesScenario.corpus(JamesScenario.INVITE);
        int before = sink.received().size();
        HttpResponse<String> checked = webAdmin.call("POST", CHECK, invite);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        assertThat(JSON.readTree(checked.body()).path("outcome").asText()).startsWith("ACCEPTED: HTTP 200");
        assertThat(sink.received()).hasSize(before + 1);
        ChronosSink.Received received = sink.received().get(before);
        assertThat(List.of(received.user, received.folder, received.event)).containsExactly(BOB, CALENDAR, "MessageNew");
        assertThat(received.body).isEqualTo(new String(invite, UTF_8).replaceAll("(?<!\r)\n", "\r\n"));
        assertNoSecretIn(checked.body());
        check(DocSamples.sample("chronos-push-check"), "$ curl -XPOST --data-binary @invite.eml '" + webAdminUrl + CHECK + "'\n" + checked.body());
        assertThat(sentTotal(webAdmin)).as("a check is no notification: not counted").isEqualTo(before);

        HttpResponse<String> noUser = webAdmin.call("POST", STATUS + "/check", invite);
        assertThat(noUser.statusCode()).isEqualTo(400);
        assertThat(noUser.body()).contains("the 'user' query parameter is required");
        HttpResponse<String> noBody = webAdmin.call("POST", CHECK, new byte[0]);
        assertThat(noBody.statusCode()).isEqualTo(400);
        assertThat(noBody.body()).contains("the body is empty");
        assertThat(sink.received()).as("no request for a refused check").hasSize(before + 1);
        assertAll(checks);
    }

    @Test
    void withTheCheckConfiguredButNoMailetJamesAnswersUnhealthy() throws Exception {
        JamesScenario.enableWebAdmin(workDir);
        james = EmbeddedJames.start(workDir, JamesScenario.JAR, MailetContainerSample.withoutChronos(JamesScenario.ROOT));
        WebAdmin webAdmin = new WebAdmin(james.webAdminPort());

        HttpResponse<String> health = webAdmin.call("GET", HEALTH, new byte[0]);
        assertThat(health.statusCode()).as("GET /healthcheck: " + health.body()).isEqualTo(503);
        JsonNode checks = JSON.readTree(health.body());
        assertThat(ownCheck(checks).path("status").asText()).isEqualTo("unhealthy");
        assertThat(ownCheck(checks).path("cause").asText()).startsWith("no ChronosPushNotification mailet is running");
        // The control: James's own checks are healthy, the 503 is the extension's alone.
        assertThat(checks.path("checks")).filteredOn(check -> !check.path("componentName").asText().equals("ChronosPush"))
            .isNotEmpty().allSatisfy(check -> assertThat(check.path("status").asText()).isEqualTo("healthy"));
        assertThat(webAdmin.get(STATUS).path("mailets")).isEmpty();
        HttpResponse<String> checked = webAdmin.call("POST", CHECK, JamesScenario.corpus(JamesScenario.INVITE));
        assertThat(checked.statusCode()).isEqualTo(503);
        assertThat(checked.body()).contains("no ChronosPushNotification mailet is running");
    }

    @Test
    void webAdminAuthenticationGuardsTheRoutes() throws Exception {
        AdminToken token = new AdminToken();
        Files.writeString(Files.createDirectories(workDir.resolve("conf")).resolve("jwt_publickey"), token.publicKeyPem());
        EmbeddedJames.enableWebAdmin(workDir, JamesScenario.ROOT, Map.of("jwt.enabled", "true", "jwt.publickeypem.url", "file://conf/jwt_publickey"));
        sink = JamesScenario.sink();
        james = JamesScenario.boot(workDir, endpoint(sink.url()));
        WebAdmin anonymous = new WebAdmin(james.webAdminPort());
        WebAdmin admin = anonymous.withBearer(token.forAdmin("admin@example.com"));
        byte[] invite = JamesScenario.corpus(JamesScenario.INVITE);

        assertThat(anonymous.call("GET", STATUS, new byte[0]).statusCode()).as("GET /chronos-push without a token").isEqualTo(401);
        assertThat(anonymous.call("POST", CHECK, invite).statusCode()).as("POST /chronos-push/check without a token").isEqualTo(401);
        assertThat(anonymous.withBearer("not.a.token").call("GET", STATUS, new byte[0]).statusCode()).as("with a wrong token").isEqualTo(401);
        assertThat(sink.requestCount()).as("no check went out").isZero();

        assertThat(admin.get(STATUS).path("mailets")).as("GET /chronos-push with the token").hasSize(1);
        HttpResponse<String> checked = admin.call("POST", CHECK, invite);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        assertThat(sink.received()).extracting(received -> received.user).containsExactly(BOB);
    }

    /** Checks {@code produced} against {@code sample} once the whole scenario ran, as {@code DocSamplesIT} does. */
    private void check(DocSamples.Sample sample, String produced) {
        checks.add(() -> sample.assertProducedBy(produced));
    }

    private void send(int mails) throws Exception {
        byte[] invite = JamesScenario.corpus(JamesScenario.INVITE);
        try (SmtpSubmission smtp = new SmtpSubmission(james.smtpPort(), JamesScenario.SENDER)) {
            for (int i = 0; i < mails; i++) {
                smtp.send(invite, mails == 1 ? List.of(BOB) : USERS);
            }
        }
    }

    private static JsonNode mailet(WebAdmin webAdmin) throws Exception {
        return webAdmin.get(STATUS).path("mailets").get(0);
    }

    private static JsonNode ownCheck(JsonNode health) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("componentName").asText().equals("ChronosPush")) {
                return check;
            }
        }
        throw new AssertionError("no ChronosPush check in " + health);
    }

    private static long pending(JsonNode mailet, String queue) {
        for (JsonNode count : mailet.path("pendingRetries")) {
            if (count.path("queue").asText().equals(queue)) {
                return count.path("pending").asLong();
            }
        }
        throw new AssertionError("no queue " + queue + " in " + mailet);
    }

    private static long sentTotal(WebAdmin webAdmin) throws Exception {
        return webAdmin.curl("GET", "/metrics").lines().filter(line -> line.startsWith("chronosPush_sent_total "))
            .map(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
            .orElseThrow(() -> new AssertionError("no chronosPush_sent_total in GET /metrics"));
    }

    private static void assertNoSecretIn(String answer) {
        assertThat(answer).doesNotContain(PASSWORD).doesNotContain(PASSWORD.replace("&", "%26"))
            .doesNotContain(Base64.getEncoder().encodeToString((LOGIN + ":" + PASSWORD).getBytes(UTF_8)));
    }
}
