package io.chronospush.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .properties} file of the project's {@code conf-samples/james38/}, such as
 * {@code webadmin.properties} and {@code healthcheck.properties}, as an operator would deploy it,
 * with only the given keys set: so the sample itself is what runs in the tests.
 */
public final class PropertiesSample {
    public static final String DIRECTORY = "conf-samples/james38/";

    private PropertiesSample() {
    }

    /**
     * The sample {@code file} with each of {@code values} set: its line {@code key=...}, or the
     * first commented-out one ({@code #key=...}), becomes {@code key=value}; a key the file lacks is added at its end.
     */
    public static String withValues(Path projectRoot, String file, Map<String, String> values) throws IOException {
        String sample = Files.readString(projectRoot.resolve(DIRECTORY + file));
        StringBuilder added = new StringBuilder();
        for (Map.Entry<String, String> value : values.entrySet()) {
            String line = value.getKey() + "=" + value.getValue();
            Matcher present = Pattern.compile("(?m)^#?\\s*" + Pattern.quote(value.getKey()) + "\\s*=.*$").matcher(sample);
            if (present.find()) {
                sample = sample.substring(0, present.start()) + line + sample.substring(present.end());
            } else {
                added.append(line).append('\n');
            }
        }
        return added.length() == 0 ? sample : sample.stripTrailing() + "\n" + added;
    }
}
