package io.chronospush.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

/**
 * The sample outputs of the README and {@code docs/}, so that the tests that produce each output
 * can check it: a sample is a fenced block right after a line {@code <!-- sample: NAME -->}.
 * {@code DocSamplesTest} makes sure every sample is checked by some test. A name may appear in
 * more than one document (the same log line where two pages need it), always with the same text.
 *
 * <p>The embedded James's tests use this class too: the james38 module puts it alone in a jar of
 * its own (classifier {@code doc-samples}), so that there is no second copy of it.
 */
public final class DocSamples {
    private static final Pattern SAMPLE = Pattern.compile("<!-- sample: ([a-z0-9-]+) -->\\r?\\n```[a-z]*\\r?\\n(.*?)\\r?\\n```",
        Pattern.DOTALL);

    /**
     * What differs from one run to the next, in the order applied, each with the placeholder both
     * texts get: so a sample compares equal to a fresh output and still shows real values.
     * Nothing else is replaced: a change of wording, order or configuration shows.
     */
    private static final List<Rule> VARYING = List.of(
        // James's mail names, Mail<milliseconds>-<UUID>; before the UUIDs, which they contain.
        new Rule("Mail\\d+-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}", "<mail>"),
        // Task ids of webadmin.
        new Rule("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}", "<uuid>"),
        // Ports the tests take where the documentation shows 8000 (webadmin) or 8080/8081/8443 (OX).
        new Rule("\\b(127\\.0\\.0\\.1|localhost):\\d+", "$1:<port>"),
        // Dates, as webadmin's JSON has them (lastUpdated).
        new Rule("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?", "<date>"),
        // A metric's value (a count, a latency) at the end of a Prometheus line; its name and labels stay.
        new Rule("(?m)^(chronosPush_\\S+) \\S+$", "$1 <value>"),
        // A stored message's body as the demo shows its start: James's Received header, with the
        // host's name, the SMTP session id and the date, cut after so many characters.
        new Rule("\"body\" : \"Received: [^\"]*\"", "\"body\" : \"Received: <James's Received header>... (<n> characters in all)\""),
        // The TLS alert some JDKs put first in their message (Java 25: "(certificate_unknown) ", Java 17: none).
        new Rule("TLS failure: \\([a-z_]+\\) ", "TLS failure: "));

    private DocSamples() {
    }

    /** One sample of the documentation: its name and its text, without the fences. */
    public static final class Sample {
        private final String name;
        private final String text;

        private Sample(String name, String text) {
            this.name = name;
            this.text = text;
        }

        public String text() {
            return text;
        }

        /**
         * Asserts that {@code produced}, what the code printed, is this sample once the parts that
         * vary between runs are replaced in both ({@link #normalised}). {@code produced} is first
         * written to {@code target/doc-samples/NAME.txt}, so that a writer can copy it into the
         * document when the output changed on purpose ({@code scripts/doc-samples} prints them).
         */
        public void assertProducedBy(String produced) {
            write(name, produced);
            assertThat(normalised(produced)).as("sample " + name + " (normalised), as the code produces it now; see target/doc-samples/"
                + name + ".txt").isEqualTo(normalised(text));
        }
    }

    /** The sample {@code name}. */
    public static Sample sample(String name) {
        String sample = all().get(name);
        if (sample == null) {
            throw new IllegalArgumentException("no sample named " + name + " in README.md or docs/");
        }
        return new Sample(name, sample);
    }

    /** {@code text} with the parts that differ from run to run replaced by placeholders, trailing blanks gone. */
    public static String normalised(String text) {
        String normalised = text.replace("\r\n", "\n").stripTrailing();
        for (Rule rule : VARYING) {
            normalised = rule.pattern.matcher(normalised).replaceAll(rule.placeholder);
        }
        return normalised;
    }

    /** The repository's root, found upward from where the tests run: the folder with README.md and docs/. */
    public static Path root() {
        Path here = Paths.get(System.getProperty("chronos.root", "")).toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("docs")) && Files.isRegularFile(candidate.resolve("README.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no README.md with docs/ above " + here);
    }

    /** Every sample, by name, in the order the documents have them; a name twice must have the same text twice. */
    public static Map<String, String> all() {
        Map<String, String> samples = new LinkedHashMap<>();
        for (Path document : documents()) {
            Matcher sample = SAMPLE.matcher(read(document));
            while (sample.find()) {
                String before = samples.putIfAbsent(sample.group(1), sample.group(2));
                if (before != null && !before.equals(sample.group(2))) {
                    throw new IllegalStateException("sample " + sample.group(1) + " has another text in " + root().relativize(document));
                }
            }
        }
        return samples;
    }

    /** What {@code xpath} selects in {@code pom} (relative to the root), such as the project's version. */
    public static String fromPom(String pom, String xpath) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(xpath,
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root().resolve(pom).toFile()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + xpath + " in " + pom, e);
        }
    }

    private static void write(String name, String produced) {
        try {
            Path folder = Files.createDirectories(root().resolve("target/doc-samples"));
            Files.writeString(folder.resolve(name + ".txt"), produced.stripTrailing() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> documents() {
        Path root = root();
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            documents.addAll(docs.filter(path -> path.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static String read(Path document) {
        try {
            return Files.readString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Rule {
        final Pattern pattern;
        final String placeholder;

        Rule(String regex, String placeholder) {
            this.pattern = Pattern.compile(regex);
            this.placeholder = placeholder;
        }
    }
}
