package io.chronospush.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every sample output in the README and docs/ is checked by a test that produces it, so none goes stale unseen. */
class DocSamplesTest {
    /** Where the tests that check samples live: this line's and the embedded James's. */
    private static final List<String> TEST_SOURCES = List.of("src/test/java", "src/embedded/src/test/java");
    private static final String ENFORCER_MESSAGE = "//plugin[artifactId='maven-enforcer-plugin']//requireJavaVersion/message";
    /** What maven-enforcer-plugin 3.6.2 prints before the configured message. */
    private static final String ENFORCER_RULE = "[ERROR] Rule 0: org.apache.maven.enforcer.rules.version.RequireJavaVersion failed with message:";

    @Test
    void theDocumentsHaveSamples() {
        assertThat(DocSamples.all()).isNotEmpty();
    }

    /**
     * The enforcer's sample: Maven's own first line, then the message the poms configure (the
     * parent's and the embedded module's, which does not inherit it). Running Maven on an old JDK
     * here would need one installed; the message is what can go stale, and it is ours.
     */
    @Test
    void theEnforcerSampleShowsTheMessageOfThePoms() {
        String message = DocSamples.fromPom("pom.xml", ENFORCER_MESSAGE);

        assertThat(DocSamples.fromPom("src/embedded/pom.xml", ENFORCER_MESSAGE)).as("src/embedded/pom.xml's message").isEqualTo(message);
        DocSamples.sample("enforcer").assertProducedBy(ENFORCER_RULE + "\n[ERROR] " + message);
    }

    @Test
    void everySampleIsCheckedByATest() {
        String tests = testSources();

        assertThat(DocSamples.all().keySet()).as("samples no test checks with DocSamples.sample(\"NAME\")")
            .filteredOn(name -> !tests.contains("DocSamples.sample(\"" + name + "\")")).isEmpty();
    }

    private static String testSources() {
        Path root = DocSamples.root();
        return TEST_SOURCES.stream().map(root::resolve).flatMap(DocSamplesTest::javaFiles).map(DocSamplesTest::read)
            .collect(Collectors.joining("\n"));
    }

    private static Stream<Path> javaFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(path -> path.toString().endsWith(".java")).collect(Collectors.toList()).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
