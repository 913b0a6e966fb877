package io.chronospush.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MailetContainerSampleTest {
    private static final Path ROOT = Paths.get(System.getProperty("chronos.root", "../.."));
    private static final String SAMPLE_URL = "https://chronos:secret@ox.example.com/chronos/v1/itip/pushmail";

    @Test
    void setsOnlyTheMailetsUrl() throws Exception {
        String sample = Files.readString(ROOT.resolve(MailetContainerSample.RELATIVE_PATH));

        String xml = MailetContainerSample.withEndpoint(ROOT, "http://a:b&c@127.0.0.1:1/p?x=1&y=2", Optional.empty());

        assertThat(sample).contains("<url>" + SAMPLE_URL + "</url>");
        assertThat(xml).contains("<url>http://a:b&amp;c@127.0.0.1:1/p?x=1&amp;y=2</url>").doesNotContain(SAMPLE_URL).doesNotContain("<caFile>");
        for (String kept : new String[] {"<processor ", "<mailet ", "<matcher ", "<!--", "<onMailetException>ignore</onMailetException>"}) {
            assertThat(count(xml, kept)).as(kept).isEqualTo(count(sample, kept)).isPositive();
        }
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void addsTheCaFileWhenGiven() throws Exception {
        String xml = MailetContainerSample.withEndpoint(ROOT, "https://ox.internal/p", Optional.of(Paths.get("/etc/ox-ca.pem")));

        assertThat(xml).containsPattern("<url>https://ox.internal/p</url>(?s).*<caFile>/etc/ox-ca.pem</caFile>\\s*</mailet>");
    }

    @Test
    void replacesAGivenParameterThatIsThereAndAddsOneThatIsNot() throws Exception {
        String xml = MailetContainerSample.withParameters(ROOT, Map.of("timeout", "500ms", "maxRetries", "3"));

        assertThat(xml).contains("<timeout>500ms</timeout>").doesNotContain("<timeout>2s</timeout>")
            .containsPattern("<maxRetries>3</maxRetries>\\s*</mailet>");
    }

    @Test
    void dropsMailsOnlyWhereTheyWouldBeDeliveredAfterTheNotification() throws Exception {
        String sample = MailetContainerSample.withParameters(ROOT, Map.of("timeout", "500ms"));

        String xml = MailetContainerSample.droppingAfterNotifying(ROOT, Map.of("timeout", "500ms"));

        String notifiedThen = "(?s)io.chronospush.ChronosPushNotification\"[^>]*>.*?<timeout>500ms</timeout>.*?</mailet>\\s*<mailet class=\"%s\" match=\"All\"/>";
        assertThat(sample).containsPattern(String.format(notifiedThen, "LocalDelivery"));
        assertThat(xml).containsPattern(String.format(notifiedThen, "Null")).doesNotContain("LocalDelivery");
        assertThat(count(xml, "<mailet ")).isEqualTo(count(sample, "<mailet "));
        assertThat(count(xml, "class=\"Null\"")).isEqualTo(count(sample, "class=\"Null\"") + 1);
    }
}
