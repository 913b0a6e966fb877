package io.chronospush.config;

import java.util.Locale;
import java.util.Set;

/** The HTTP methods a notification can go with: OX takes PUT; POST is for other receivers. */
public final class RequestMethods {
    private static final Set<String> METHODS = Set.of("PUT", "POST");

    private RequestMethods() {
    }

    /** @throws IllegalArgumentException naming {@code value} unless it is PUT or POST, in any case */
    public static String parse(String value) {
        String method = value.toUpperCase(Locale.US);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("'" + value + "' is not PUT or POST");
        }
        return method;
    }
}
