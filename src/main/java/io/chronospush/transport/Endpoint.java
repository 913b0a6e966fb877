package io.chronospush.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import org.apache.hc.core5.net.PercentCodec;

/**
 * The notification URL, split into what goes on the wire and what never goes to a log.
 * Its userinfo {@code login:password}, percent-decoded, becomes HTTP Basic authentication and is
 * dropped from the request URI; {@link #toString()} shows the URL with the password masked.
 */
public final class Endpoint {
    static final String MASK = "***";
    private static final int MIN_PORT = 1;
    private static final int MAX_PORT = 65535;
    /** How much of a URL a message quotes to say where in it a mistake is. */
    private static final int CONTEXT = 16;

    private final URI uri;
    private final Optional<String> authorization;
    private final String display;

    private Endpoint(URI uri, Optional<String> authorization, String display) {
        this.uri = uri;
        this.authorization = authorization;
        this.display = display;
    }

    /**
     * @throws IllegalArgumentException when {@code url} is not an absolute http(s) URL with a host;
     *     its message shows the URL with the password masked
     */
    public static Endpoint parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no URL given");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                throw new IllegalArgumentException("'" + printable(mask(url)) + "' contains " + name(c) + where(url, i)
                    + ": a URL cannot; percent-encode it (a space as %20) or remove it");
            }
        }
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + printable(mask(url)) + "' is not a valid URL (" + e.getReason() + where(url, e.getIndex()) + ")");
        }
        String scheme = Optional.ofNullable(parsed.getScheme()).map(s -> s.toLowerCase(Locale.US)).orElse("");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + mask(url) + "' is not an http or https URL");
        }
        portOutsideTheTcpRange(parsed).ifPresent(port -> {
            throw new IllegalArgumentException("'" + mask(url) + "' has port " + port + ": a TCP port is " + MIN_PORT + " to " + MAX_PORT);
        });
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("'" + mask(url) + "' has no valid host");
        }
        if (parsed.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + mask(url) + "' has a fragment (#...), which a request cannot carry");
        }
        try {
            URI withoutUserInfo = new URI(scheme, null, parsed.getHost(), parsed.getPort(),
                null, null, null).resolve(pathAndQuery(parsed));
            Optional<String[]> credentials = Optional.ofNullable(parsed.getRawUserInfo()).map(Endpoint::splitUserInfo);
            return new Endpoint(withoutUserInfo,
                credentials.map(c -> "Basic " + Base64.getEncoder().encodeToString((c[0] + ":" + c[1]).getBytes(StandardCharsets.UTF_8))),
                mask(url));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + mask(url) + "' is not a valid URL (" + e.getReason() + ")");
        }
    }

    /**
     * The port, as written, when it is no TCP port. {@link URI} takes any number that fits an int,
     * and one that does not makes the whole authority "registry-based", without a host: either
     * way the request would fail only when sent, with a message about something else.
     */
    private static Optional<String> portOutsideTheTcpRange(URI parsed) {
        String port;
        if (parsed.getHost() != null) {
            port = parsed.getPort() == -1 ? "" : Integer.toString(parsed.getPort());
        } else {
            String authority = Optional.ofNullable(parsed.getRawAuthority()).orElse("");
            String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = hostAndPort.lastIndexOf(':');
            port = colon < 0 || colon < hostAndPort.lastIndexOf(']') ? "" : hostAndPort.substring(colon + 1);
        }
        if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        boolean tcpPort = port.length() <= 5 && Integer.parseInt(port) >= MIN_PORT && Integer.parseInt(port) <= MAX_PORT;
        return tcpPort ? Optional.empty() : Optional.of(port);
    }

    private static String pathAndQuery(URI parsed) {
        String path = Optional.ofNullable(parsed.getRawPath()).filter(p -> !p.isEmpty()).orElse("/");
        return parsed.getRawQuery() == null ? path : path + "?" + parsed.getRawQuery();
    }

    private static String[] splitUserInfo(String rawUserInfo) {
        int colon = rawUserInfo.indexOf(':');
        String rawLogin = colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon);
        String rawPassword = colon < 0 ? "" : rawUserInfo.substring(colon + 1);
        return new String[] {PercentCodec.decode(rawLogin, StandardCharsets.UTF_8), PercentCodec.decode(rawPassword, StandardCharsets.UTF_8)};
    }

    /**
     * The URL with everything between the first ':' after "//" and the last '@' masked. It works
     * on text that is not a valid URL too, since configuration errors must be shown safely, and
     * it would rather mask a path than show a password with an unescaped '/', '?' or '#'.
     */
    public static String mask(String url) {
        return password(url).map(password -> url.substring(0, password[0]) + MASK + url.substring(password[1])).orElse(url);
    }

    /** Where {@link #mask} finds the password in {@code url}: its start and end index. */
    private static Optional<int[]> password(String url) {
        int authority = url.indexOf("//");
        int start = authority < 0 ? 0 : authority + 2;
        int at = url.lastIndexOf('@');
        int colon = url.indexOf(':', start);
        if (at < start || colon < 0 || colon > at) {
            return Optional.empty();
        }
        return Optional.of(new int[] {colon + 1, at});
    }

    /**
     * Where index {@code index} of {@code url} is, in the text a message shows: the masked, escaped
     * URL. An index into the URL as written would count the password's characters, which the
     * reader never sees; so it is counted in what is shown, and the text just before it is named.
     */
    private static String where(String url, int index) {
        if (index < 0 || index > url.length()) {
            return "";
        }
        Optional<int[]> password = password(url);
        int maskedIndex = index;
        if (password.isPresent()) {
            int start = password.get()[0];
            int end = password.get()[1];
            if (index >= start && index < end) {
                return " in the password, masked here as " + MASK;
            }
            maskedIndex = index < start ? index : index - (end - start) + MASK.length();
        }
        String before = printable(mask(url).substring(0, maskedIndex));
        return " at index " + before.length()
            + (before.isEmpty() ? ", at the start" : ", after '" + before.substring(Math.max(0, before.length() - CONTEXT)) + "'");
    }

    private static String name(char c) {
        switch (c) {
            case '\r':
                return "a line break (CR)";
            case '\n':
                return "a line break (LF)";
            case ' ':
                return "a space";
            case '\t':
                return "a tab";
            default:
                return String.format("a control character (U+%04X)", (int) c);
        }
    }

    /** Control characters escaped, so that a message shows the value on one line, as it is. */
    private static String printable(String text) {
        StringBuilder printable = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                printable.append("\\r");
            } else if (c == '\n') {
                printable.append("\\n");
            } else if (c == '\t') {
                printable.append("\\t");
            } else if (c < ' ' || c == 0x7F) {
                printable.append(String.format("\\u%04X", (int) c));
            } else {
                printable.append(c);
            }
        }
        return printable.toString();
    }

    /** Where requests go: the URL without its userinfo. */
    public URI uri() {
        return uri;
    }

    /** The {@code Authorization} header value, when the URL has userinfo. */
    public Optional<String> authorization() {
        return authorization;
    }

    @Override
    public String toString() {
        return display;
    }
}
