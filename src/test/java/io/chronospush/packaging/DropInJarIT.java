package io.chronospush.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chronospush.testing.Messages;
import io.chronospush.testing.RecordingEndpoint;

/**
 * Runs after {@code package}, on the drop-in jar an operator copies into extensions-jars/:
 * it must hold the plugin and relocated copies of what it bundles, and nothing that could
 * clash with what James's parent-first class loader already has. Alone, it is the check tool.
 */
class DropInJarIT {
    private static final String PASSWORD = "never-printed-4711";

    @TempDir
    Path directory;

    private Path jar;
    private String line;

    @BeforeEach
    void setUp() {
        jar = Paths.get(System.getProperty("chronos.jar"));
        line = System.getProperty("chronos.line");
    }

    private List<String> entries() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).collect(Collectors.toList());
        }
    }

    private byte[] entry(String name) throws IOException {
        try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void isNamedForItsJamesLine() {
        assertThat(Files.isRegularFile(jar)).as(jar.toString()).isTrue();
        assertThat(jar.getFileName().toString()).matches("james-chronos-push-.+-" + line + "\\.jar");
    }

    @Test
    void holdsTheMatcherTheMailetRelocatedLibrariesAndTheSlf4jApiOnly() throws IOException {
        List<String> classes = entries().stream().filter(name -> name.endsWith(".class")).collect(Collectors.toList());

        assertThat(classes).contains("io/chronospush/HasCalendarInvite.class", "io/chronospush/ChronosPushNotification.class",
            "io/chronospush/shaded/jackson/core/JsonFactory.class",
            "io/chronospush/shaded/hc/client5/http/impl/async/HttpAsyncClients.class",
            "org/slf4j/LoggerFactory.class");
        // James serves org.slf4j itself (parent first); the copy only serves the jar run alone.
        assertThat(classes).allSatisfy(name -> assertThat(name).matches("(io/chronospush|org/slf4j)/.+"));
    }

    @Test
    void runsAloneAsTheCheckTool() throws Exception {
        try (RecordingEndpoint endpoint = RecordingEndpoint.http()) {
            Path invite = Files.write(directory.resolve("invite.eml"), Messages.bytes("corpus/positive/outlook16_singlepart_request.eml"));

            Run accepted = runJar("--url", endpoint.url("chronos:" + PASSWORD), "--user", "bob@example.com", invite.toString());
            endpoint.answering(RecordingEndpoint.status(401));
            Run refused = runJar("--url", endpoint.url("chronos:" + PASSWORD), "--user", "bob@example.com", invite.toString());

            assertThat(accepted.status).as(accepted.output).isZero();
            assertThat(accepted.output).contains("ACCEPTED: HTTP 200: accepted").doesNotContain("SLF4J");
            assertThat(refused.status).as(refused.output).isEqualTo(1);
            assertThat(refused.output).contains("NOT ACCEPTED: HTTP 401: wrong credentials");
            assertThat(accepted.output + refused.output).doesNotContain(PASSWORD);
            assertThat(endpoint.requests()).hasSize(2);
        }
    }

    private static final class Run {
        final int status;
        final String output;

        Run(int status, String output) {
            this.status = status;
            this.output = output;
        }
    }

    /** {@code java -jar} on the drop-in jar alone, with the JVM running this test. */
    private Run runJar(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void isCompiledForItsJamesLine() throws IOException {
        int expectedMajor = line.equals("james38") ? 55 : 65;
        for (String name : pluginClasses()) {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(entry(name)))) {
                assertThat(in.readInt()).as(name).isEqualTo(0xCAFEBABE);
                in.readUnsignedShort();
                assertThat(in.readUnsignedShort()).as(name).isEqualTo(expectedMajor);
            }
        }
    }

    @Test
    void referencesTheMailApiOfItsJamesLine() throws IOException {
        // Spelt in pieces: the Eclipse Transformer rewrites "javax/mail" in the sources it turns into the 3.9 line.
        String javax = "javax";
        String jakarta = "jakarta";
        String expected = line.equals("james38") ? javax : jakarta;
        String other = line.equals("james38") ? jakarta : javax;
        StringBuilder constants = new StringBuilder();
        for (String name : pluginClasses()) {
            String classFile = new String(entry(name), StandardCharsets.ISO_8859_1);
            assertThat(classFile).as(name).doesNotContain(other + "/mail", other + "/inject");
            constants.append(classFile);
        }
        assertThat(constants).contains(expected + "/mail/MessagingException", expected + "/mail/internet/MimeMessage",
            expected + "/inject/Inject");
    }

    @Test
    void keepsHttpClientsHeaderLogOutOfTheProjectsLoggers() throws IOException {
        String starter = new String(entry("io/chronospush/shaded/hc/client5/http/impl/async/HttpAsyncClientProtocolNegotiationStarter.class"),
            StandardCharsets.ISO_8859_1);

        assertThat(starter).contains("org.apache.hc.client5.http.headers").doesNotContain("io.chronospush.shaded.hc.client5.http.headers");
    }

    /** The project's own classes, not the relocated libraries. */
    private List<String> pluginClasses() throws IOException {
        List<String> classes = entries().stream()
            .filter(name -> name.endsWith(".class") && name.startsWith("io/chronospush/") && !name.startsWith("io/chronospush/shaded/"))
            .collect(Collectors.toList());
        assertThat(classes).hasSizeGreaterThan(10);
        return classes;
    }

    @Test
    void usesTheRelocatedLibraries() throws IOException {
        String constants = new String(entry("io/chronospush/transport/PushNotifier.class"), StandardCharsets.ISO_8859_1);

        assertThat(constants).contains("io/chronospush/shaded/hc/").doesNotContain("org/apache/hc/");
    }
}
