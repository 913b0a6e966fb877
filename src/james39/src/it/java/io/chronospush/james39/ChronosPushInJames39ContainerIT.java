package io.chronospush.james39;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.mailetcontainer.impl.MailetProcessorImpl;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chronospush.testing.DocSamples;
import io.chronospush.testing.LogCapture;
import io.chronospush.testing.Messages;
import io.chronospush.testing.RecordingEndpoint;

/**
 * The {@code -james39} drop-in jar in James 3.9's own mailet container ({@link James39Container}),
 * running {@code conf-samples/james39/mailetcontainer.xml} ({@link SampleMailetContainer}) with
 * only the mailet's {@code url} pointed at a stand-in for OX on 127.0.0.1. Mails enter at the
 * {@code root} processor, as the spooler hands them over, and take the sample's way through
 * {@code transport} to {@code local-delivery}.
 *
 * <p>{@code ExtendedClassLoader} caches the classes it found, by name, for the whole JVM: all the
 * tests share one working directory, and so one {@code extensions-jars/}.
 */
class ChronosPushInJames39ContainerIT {
    private static final String PASSWORD = "Pw-9f3k-never-printed";
    private static final String BOB = "bob@example.com";
    private static final String ALICE = "alice@example.com";
    private static final String INVITE = "corpus/positive/outlook16_singlepart_request.eml";

    @TempDir
    static Path workingDirectory;

    private final ObjectMapper json = new ObjectMapper();
    private RecordingEndpoint endpoint;
    private LogCapture logs;
    private James39Container james;

    @BeforeAll
    static void dropInTheJar() throws Exception {
        James39Container.dropIn(workingDirectory, Path.of(System.getProperty("chronos.jar")));
    }

    @BeforeEach
    void setUp() throws Exception {
        endpoint = RecordingEndpoint.http();
        logs = LogCapture.start();
    }

    @AfterEach
    void tearDown() {
        if (james != null) {
            james.close();
        }
        endpoint.close();
        logs.close();
        assertThat(logs.text()).as("the log of the whole test").doesNotContain(PASSWORD);
    }

    /** The sample, its mailet notifying the test's endpoint. */
    private SampleMailetContainer sample() throws Exception {
        return SampleMailetContainer.read().withChronosPush("url", endpoint.url("chronos:" + PASSWORD));
    }

    private static Mail toBobAndAlice(String resource) throws Exception {
        return MailImpl.builder()
            .name(resource)
            .sender("organizer@external.test")
            .addRecipients(BOB, ALICE)
            .mimeMessage(Messages.spooled(Messages.bytes(resource)))
            .state(Mail.DEFAULT)
            .build();
    }

    private List<String> notified() throws Exception {
        List<String> notified = new ArrayList<>();
        for (RecordingEndpoint.Request request : endpoint.requests()) {
            JsonNode document = json.readTree(request.body);
            notified.add(request.method + " " + request.path + " " + document.get("user").asText() + " " + document.get("event").asText()
                + " " + document.get("folder").asText());
        }
        return notified;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "corpus/positive/outlook16_singlepart_request.eml",
        "corpus/positive/google_calendar_request_with_invite_ics.eml",
        "corpus/positive/thunderbird_lightning_request_de.eml",
        "corpus/positive/exchange2010_cancel_de_abgesagt.eml"})
    void anInviteToTwoUsersGivesEachOneNotificationWithTheDeliveredMessage(String invite) throws Exception {
        james = James39Container.start(workingDirectory, sample().configuration());

        james.spool(toBobAndAlice(invite));

        assertThat(notified()).containsExactlyInAnyOrder(
            "PUT " + RecordingEndpoint.PATH + " " + BOB + " MessageNew INBOX",
            "PUT " + RecordingEndpoint.PATH + " " + ALICE + " MessageNew INBOX");
        List<StandIns.Delivery> stored = james.deliveries().by("LocalDelivery");
        assertThat(stored).singleElement().satisfies(delivery -> assertThat(delivery.recipients()).containsExactlyInAnyOrder(BOB, ALICE));
        String delivered = new String(stored.get(0).message(), StandardCharsets.UTF_8);
        for (RecordingEndpoint.Request request : endpoint.requests()) {
            assertThat(json.readTree(request.body).get("body").asText()).isEqualTo(delivered);
        }
        assertThat(james.deliveries().endings()).as("where mails ended their way").containsExactly("LocalDelivery");
        // Guice gave the matcher and the mailet the container's MetricFactory.
        assertThat(james.metrics().countFor("chronosPush.matched")).isEqualTo(1);
        assertThat(james.metrics().countFor("chronosPush.sent")).isEqualTo(2);
    }

    /** The negative control: delivered the same way, not notified. */
    @ParameterizedTest
    @ValueSource(strings = {
        "corpus/negative/plain_text_qp_no_calendar.eml",
        "corpus/negative/dsn_bounce_without_calendar.eml",
        "corpus/negative/tnef_winmail_dat_ukrainian.eml"})
    void aMailWithoutAnInviteIsDeliveredWithoutNotification(String mail) throws Exception {
        james = James39Container.start(workingDirectory, sample().configuration());

        james.spool(toBobAndAlice(mail));

        assertThat(james.deliveries().by("LocalDelivery")).singleElement()
            .satisfies(delivery -> assertThat(delivery.recipients()).containsExactlyInAnyOrder(BOB, ALICE));
        assertThat(endpoint.requests()).isEmpty();
    }

    @Test
    void theMatcherAndTheMailetAreTheDropInJarsBuiltByGuice() throws Exception {
        james = James39Container.start(workingDirectory, sample().configuration());
        MailetProcessorImpl localDelivery = (MailetProcessorImpl) james.processors().getProcessor("local-delivery");

        List<Class<?>> chronosPush = localDelivery.getPairs().stream()
            .filter(pair -> pair.getMailet().getClass().getName().equals(SampleMailetContainer.MAILET))
            .flatMap(pair -> Stream.of(pair.getMatcher().getClass(), pair.getMailet().getClass()))
            .collect(Collectors.toList());

        assertThat(chronosPush).extracting(Class::getName).containsExactly(SampleMailetContainer.MATCHER, SampleMailetContainer.MAILET);
        Path jar = workingDirectory.resolve("extensions-jars").resolve(Path.of(System.getProperty("chronos.jar")).getFileName());
        assertThat(chronosPush).allSatisfy(loaded -> {
            assertThat(Path.of(loaded.getProtectionDomain().getCodeSource().getLocation().toURI())).isEqualTo(jar);
            assertThat(loaded.getClassLoader()).isNotSameAs(getClass().getClassLoader());
        });
        // The control: the stand-ins come from the test's own class path, next to the jar's classes.
        assertThat(localDelivery.getMailets()).extracting(mailet -> mailet.getClass().getClassLoader())
            .contains(getClass().getClassLoader());
    }

    /** The mailet's queues come from the MailQueueFactory Guice gave it: a refused notification waits there, then succeeds. */
    @Test
    void aFailedNotificationIsRetriedFromJamesMailQueue() throws Exception {
        endpoint.answering(RecordingEndpoint.firstThen(2, RecordingEndpoint.status(503), RecordingEndpoint.status(200)));
        james = James39Container.start(workingDirectory, sample().withChronosPush("delayTime", "500ms").configuration());

        james.spool(toBobAndAlice(INVITE));

        assertThat(endpoint.requests()).as("the inline attempts").hasSize(2);
        assertThat(james.queues().listCreatedMailQueues()).extracting(MailQueueName::asString).contains("chronos-push");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notified()).hasSize(4));
        assertThat(notified().subList(2, 4)).containsExactlyInAnyOrder(
            "PUT " + RecordingEndpoint.PATH + " " + BOB + " MessageNew INBOX",
            "PUT " + RecordingEndpoint.PATH + " " + ALICE + " MessageNew INBOX");
    }

    /**
     * A notification given up on (401) is sent, by James 3.9's mailet context, through the spool
     * to the sample's {@code failedProcessor}; the mail itself is delivered all the same.
     */
    @Test
    void aNotificationGivenUpOnReachesTheSamplesFailedProcessor() throws Exception {
        endpoint.answering(RecordingEndpoint.status(401));
        james = James39Container.start(workingDirectory, sample().configuration());

        james.spool(toBobAndAlice(INVITE));
        james.spoolQueued(2);

        assertThat(endpoint.requests()).hasSize(2);
        assertThat(james.deliveries().endings()).containsExactlyInAnyOrder("LocalDelivery", "ToRepository", "ToRepository");
        assertThat(james.deliveries().by("ToRepository")).extracting(StandIns.Delivery::processor)
            .containsExactly("chronos-push-failed", "chronos-push-failed");
    }

    /** As on the 3.8 line: the parameter, the value and why, never the password. */
    @Test
    void aBadTimeoutStopsTheStartWithTheMessageOfThe38Line() throws Exception {
        Throwable refused = refusedStart("timeout", "forever");

        assertThat(refused).isInstanceOf(ConfigurationException.class).hasMessage("Unable to init mailet " + SampleMailetContainer.MAILET);
        assertThat(rootCause(refused))
            .hasMessage("ChronosPushNotification: invalid 'timeout' parameter: 'forever' is not a duration such as 500ms, 2s or 1m");
        assertThat(messages(refused)).noneSatisfy(message -> assertThat(message).contains(PASSWORD));
    }

    @Test
    void aBadUrlStopsTheStartWithTheReadmesMessage() throws Exception {
        Throwable refused = refusedStart("url", "https://chronos:s3cret@ox.example.com/chronos/v1/itip/pushmail#x");

        assertThat(refused).isInstanceOf(ConfigurationException.class).hasMessage("Unable to init mailet " + SampleMailetContainer.MAILET);
        DocSamples.sample("startup-error").assertProducedBy(rootCause(refused).getMessage());
        assertThat(messages(refused)).noneSatisfy(message -> assertThat(message).contains("s3cret"));
        assertThat(logs.text()).as("James's log of the refused start").contains("Unable to init mailet").doesNotContain("s3cret");
    }

    /** James 3.9 checks each mailet's requiredProcessingState() before it starts. */
    @Test
    void aMisspeltFailedProcessorStopsTheStartNamingTheParameter() throws Exception {
        Throwable refused = refusedStart("failedProcessor", "chronos-push-faild");

        assertThat(refused).isInstanceOf(ConfigurationException.class).hasMessage("Your configurations specifies the following undefined "
            + "processors: [chronos-push-faild (the 'failedProcessor' parameter of ChronosPushNotification)]");
    }

    /**
     * Starts the sample with the mailet's {@code name} set to {@code value}, and returns why the
     * container refused it. The control: the same sample with its own value starts.
     */
    private Throwable refusedStart(String name, String value) throws Exception {
        Throwable refused = catchThrowable(() -> James39Container.start(workingDirectory, sample().withChronosPush(name, value).configuration()));

        james = James39Container.start(workingDirectory, sample().configuration());
        assertThat(refused).as("the start with %s '%s'", name, value).isNotNull();
        return refused;
    }

    private static Throwable rootCause(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause).reduce((cause, next) -> next).orElseThrow();
    }

    private static List<String> messages(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause).map(String::valueOf).collect(Collectors.toList());
    }
}
