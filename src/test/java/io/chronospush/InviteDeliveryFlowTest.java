package io.chronospush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chronospush.testing.InMemoryMailQueues;
import io.chronospush.testing.LogCapture;
import io.chronospush.testing.MailetConfigs;
import io.chronospush.testing.Messages;
import io.chronospush.testing.RecordingEndpoint;

/**
 * The end-to-end scenarios of the embedded James tests, at the mailet API level, so that both
 * James lines run them (James 3.9 has no server to boot here): the matcher and the mailet as the
 * local-delivery processor chains them, after Sieve filed alice's copy into Calendar.
 */
class InviteDeliveryFlowTest {
    private static final String PASSWORD = "Pw-9f3k&Qz7-never-logged";
    private static final String USER_INFO = "chronos:" + PASSWORD.replace("&", "%26");
    private static final String BOB = "bob@example.com";
    private static final String ALICE = "alice@example.com";

    private final InMemoryMailQueues queues = new InMemoryMailQueues();
    private final HasCalendarInvite matcher = TestMailets.hasCalendarInvite();
    private final ChronosPushNotification mailet = TestMailets.chronosPush(queues);
    private RecordingEndpoint endpoint;
    private LogCapture logs;

    @BeforeEach
    void setUp() throws Exception {
        endpoint = RecordingEndpoint.http();
        logs = LogCapture.start();
        matcher.init(FakeMatcherConfig.builder().matcherName("HasCalendarInvite").condition("1mb").build());
    }

    @AfterEach
    void tearDown() {
        mailet.destroy();
        queues.shutdown();
        endpoint.close();
        logs.close();
        assertThat(logs.text()).doesNotContain(PASSWORD).doesNotContain(PASSWORD.replace("&", "%26"));
        // HttpClient's own header dump shows the token; the jars keep it outside io.chronospush (see the README).
        assertThat(logs.textExcept("org.apache.hc.client5.http.headers"))
            .doesNotContain(Base64.getEncoder().encodeToString(("chronos:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private void initMailet(String url) throws Exception {
        mailet.init(MailetConfigs.chronosPush(url).build());
    }

    /** The mailet container's step: the mailet sees the mail with the matched recipients only. */
    private void deliver(FakeMail mail) throws Exception {
        Collection<MailAddress> matched = matcher.match(mail);
        if (matched != null && !matched.isEmpty()) {
            mail.setRecipients(matched);
            mailet.service(mail);
        }
    }

    private static FakeMail toBobAndAlice(String resource) throws Exception {
        return FakeMail.builder()
            .name(resource)
            .sender("organizer@external.test")
            .recipients(BOB, ALICE)
            .mimeMessage(Messages.resource(resource))
            .attribute(new Attribute(AttributeName.of("DeliveryPath_" + ALICE), AttributeValue.of("Calendar")))
            .build();
    }

    @Test
    void anInviteToTwoUsersGivesEachOneNotificationWithItsFolder() throws Exception {
        initMailet(endpoint.url(USER_INFO));

        deliver(toBobAndAlice("corpus/positive/outlook16_singlepart_request.eml"));

        ObjectMapper json = new ObjectMapper();
        List<String> notified = new java.util.ArrayList<>();
        for (RecordingEndpoint.Request request : endpoint.requests()) {
            JsonNode document = json.readTree(request.body);
            notified.add(document.get("user").asText() + " " + document.get("event").asText() + " " + document.get("folder").asText());
        }
        assertThat(notified).containsExactlyInAnyOrder(BOB + " MessageNew INBOX", ALICE + " MessageNew Calendar");
    }

    @Test
    void aPlainMailGivesNoNotification() throws Exception {
        initMailet(endpoint.url(USER_INFO));

        deliver(toBobAndAlice("corpus/negative/plain_text_qp_no_calendar.eml"));

        assertThat(endpoint.requests()).isEmpty();
    }

    @Test
    void anEndpointRefusingConnectionsLeavesTheMailAsItWasAndQueuesEachUser() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        initMailet("http://" + USER_INFO + "@127.0.0.1:" + closedPort + RecordingEndpoint.PATH);
        FakeMail mail = toBobAndAlice("corpus/positive/outlook16_singlepart_request.eml");
        byte[] before = Messages.written(mail.getMessage());

        deliver(mail);

        assertThat(Messages.written(mail.getMessage())).isEqualTo(before);
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly(BOB, ALICE);
        assertThat(mail.getState()).isNull();
        assertThat(logs.ownEvents(ch.qos.logback.classic.Level.WARN))
            .anySatisfy(event -> {
                assertThat(event.getFormattedMessage()).contains(BOB + ", folder INBOX", "attempt 1 failed (cannot connect", "retry 1 of");
                assertThat(event.getMDCPropertyMap().get(LogContext.ENDPOINT)).startsWith("http://chronos:***@127.0.0.1:" + closedPort);
            })
            .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains(ALICE + ", folder Calendar", "attempt 1 failed (cannot connect"));
    }
}
