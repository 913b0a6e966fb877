package io.chronospush.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.function.Function;

import javax.mail.MessagingException;

import org.apache.mailet.MailetConfig;

/**
 * Reads a mailet's parameters, turning every bad value into the {@link MessagingException} that
 * stops James start-up, with a message that names the mailet, the parameter and the value.
 */
public final class MailetParameters {
    private static final String FILE_PREFIX = "file://";

    private final MailetConfig config;
    private final String owner;

    public MailetParameters(MailetConfig config, String owner) {
        this.config = config;
        this.owner = owner;
    }

    public <T> T required(String name, Function<String, T> parser) throws MessagingException {
        String value = raw(name).orElseThrow(() -> new MessagingException(owner + ": the '" + name + "' parameter is required"));
        return parse(name, value, parser);
    }

    public <T> T optional(String name, Function<String, T> parser, T defaultValue) throws MessagingException {
        Optional<String> value = raw(name);
        return value.isPresent() ? parse(name, value.get(), parser) : defaultValue;
    }

    public <T> Optional<T> maybe(String name, Function<String, T> parser) throws MessagingException {
        Optional<String> value = raw(name);
        return value.isPresent() ? Optional.of(parse(name, value.get(), parser)) : Optional.empty();
    }

    public boolean isSet(String name) {
        return raw(name).isPresent();
    }

    /**
     * A file path as James configurations write them: absolute, or relative to James's working
     * directory, with or without James's {@code file://} prefix ({@code file://conf/ca.pem}).
     */
    public static Path path(String value) {
        return Paths.get(value.startsWith(FILE_PREFIX) ? value.substring(FILE_PREFIX.length()) : value);
    }

    /** @throws IllegalArgumentException naming {@code value} unless it is a whole number, 0 or more */
    public static int nonNegative(String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("'" + value + "' is not a whole number, 0 or more");
    }

    /** A value that must never be shown, not even when something is wrong with it. */
    public Optional<char[]> secret(String name) {
        return raw(name).map(String::toCharArray);
    }

    private Optional<String> raw(String name) {
        return Optional.ofNullable(config.getInitParameter(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** The parser's exception message shows the value: for a URL it masks the password. */
    private <T> T parse(String name, String value, Function<String, T> parser) throws MessagingException {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new MessagingException(owner + ": invalid '" + name + "' parameter: " + e.getMessage());
        }
    }
}
