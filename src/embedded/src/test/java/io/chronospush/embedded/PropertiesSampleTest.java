package io.chronospush.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class PropertiesSampleTest {
    private static final Path ROOT = Paths.get(System.getProperty("chronos.root", "../.."));
    private static final String ROUTES = "extensions.routes=org.apache.james.webadmin.dropwizard.MetricsRoutes,io.chronospush.ChronosPushRoutes";
    private static final String CHECKS = "additional.healthchecks=io.chronospush.ChronosPushHealthCheck";

    @Test
    void theSamplesSetTheExtensionsRouteAndHealthCheck() throws Exception {
        assertThat(settings("webadmin.properties")).contains(ROUTES, "enabled=true", "port=8000").doesNotContain("jwt.enabled=true");
        assertThat(settings("healthcheck.properties")).containsExactly(CHECKS);
    }

    @Test
    void theJames39SamplesAreTheJames38Ones() throws Exception {
        // James 3.9.0's own files are those of 3.8.1, line for line.
        for (String file : List.of("webadmin.properties", "healthcheck.properties")) {
            assertThat(Files.readString(ROOT.resolve("conf-samples/james39/" + file))).as(file)
                .isEqualTo(Files.readString(ROOT.resolve(PropertiesSample.DIRECTORY + file)));
        }
    }

    @Test
    void setsOnlyTheKeysGivenReplacingALineOrACommentedOneOrAddingOne() throws Exception {
        String sample = Files.readString(ROOT.resolve(PropertiesSample.DIRECTORY + "webadmin.properties"));

        String set = PropertiesSample.withValues(ROOT, "webadmin.properties", Map.of("port", "0", "jwt.enabled", "true", "added.key", "x"));

        assertThat(set).contains("\nport=0\n", "\njwt.enabled=true\n", ROUTES).doesNotContain("port=8000").endsWith("added.key=x\n");
        assertThat(set.lines().count()).isEqualTo(sample.lines().count() + 1);
    }

    private static List<String> settings(String file) throws Exception {
        return Files.readAllLines(ROOT.resolve(PropertiesSample.DIRECTORY + file)).stream()
            .filter(line -> !line.isBlank() && !line.startsWith("#")).collect(Collectors.toList());
    }
}
