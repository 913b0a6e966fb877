package io.chronospush.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryFolderTest {
    private static final String BOB = "bob@example.com";
    private final DeliveryFolder folders = new DeliveryFolder('.');

    private static Mail mailWith(Attribute... attributes) throws Exception {
        FakeMail.Builder mail = FakeMail.builder().name("mail");
        for (Attribute attribute : attributes) {
            mail.attribute(attribute);
        }
        return mail.build();
    }

    private static Attribute deliveryPaths(String user, String... folders) {
        return new Attribute(AttributeName.of("DeliveryPaths_" + user),
            AttributeValue.of(java.util.Arrays.stream(folders).map(AttributeValue::of).collect(java.util.stream.Collectors.toList())));
    }

    private static Attribute deliveryPath(String user, String folder) {
        return new Attribute(AttributeName.of("DeliveryPath_" + user), AttributeValue.of(folder));
    }

    @Test
    void isInboxWithoutFiltering() throws Exception {
        assertThat(folders.of(mailWith(), BOB)).isEqualTo("INBOX");
    }

    @Test
    void takesTheFirstOfJames39DeliveryPaths() throws Exception {
        assertThat(folders.of(mailWith(deliveryPaths(BOB, "/Calendar", "/Archive")), BOB)).isEqualTo("Calendar");
    }

    @Test
    void takesJames38DeliveryPath() throws Exception {
        assertThat(folders.of(mailWith(deliveryPath(BOB, "/INBOX/Invites")), BOB)).isEqualTo("INBOX.Invites");
    }

    @Test
    void prefersDeliveryPathsOverDeliveryPath() throws Exception {
        assertThat(folders.of(mailWith(deliveryPaths(BOB, "Calendar"), deliveryPath(BOB, "Other")), BOB)).isEqualTo("Calendar");
    }

    @Test
    void ignoresOtherUsersFolders() throws Exception {
        assertThat(folders.of(mailWith(deliveryPath("alice@example.com", "Calendar")), BOB)).isEqualTo("INBOX");
    }

    @Test
    void ignoresValuesOfTheWrongType() throws Exception {
        Attribute notAString = new Attribute(AttributeName.of("DeliveryPath_" + BOB), AttributeValue.of(42));
        Attribute emptyList = new Attribute(AttributeName.of("DeliveryPaths_" + BOB), AttributeValue.of(List.of()));

        assertThat(folders.of(mailWith(notAString, emptyList), BOB)).isEqualTo("INBOX");
    }

    @ParameterizedTest
    @CsvSource({
        "/INBOX/Invites, INBOX.Invites",
        "/Calendar, Calendar",
        "Calendar, Calendar",
        "INBOX, INBOX",
        "//Double, .Double",
        "a/b/c, a.b.c"})
    void normalisesLikeMailboxAppender(String path, String mailbox) {
        assertThat(folders.asMailboxName(path)).isEqualTo(mailbox);
    }

    @Test
    void usesTheConfiguredDelimiterOfJames39() {
        assertThat(new DeliveryFolder(DeliveryFolder.delimiterOf("SLASH")).asMailboxName("/INBOX/Invites")).isEqualTo("INBOX/Invites");
        assertThat(new DeliveryFolder(DeliveryFolder.delimiterOf("pipe")).asMailboxName("/INBOX/Invites")).isEqualTo("INBOX|Invites");
        assertThat(DeliveryFolder.delimiterOf(null)).isEqualTo('.');
    }
}
