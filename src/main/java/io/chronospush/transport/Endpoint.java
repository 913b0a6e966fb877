package io.chronospush.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.hc.core5.net.PercentCodec;

/**
 * The notification URL, split into what goes on the wire and what never goes to a log.
 * Its userinfo {@code login:password}, percent-decoded, becomes HTTP Basic authentication and is
 * dropped from the request URI; {@link #toString()} shows the URL with the password masked, and
 * {@link #untrustedText()} quotes what the endpoint sends back without those credentials.
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
    private final UntrustedText untrustedText;

    private Endpoint(URI uri, Optional<String> authorization, String display, UntrustedText untrustedText) {
        this.uri = uri;
        this.authorization = authorization;
        this.display = display;
        this.untrustedText = untrustedText;
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
                throw new IllegalArgumentException("'" + UntrustedText.oneLine(mask(url)) + "' contains " + name(c) + where(url, i)
                    + ": a URL cannot; percent-encode it (a space as %20) or remove it");
            }
        }
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + UntrustedText.oneLine(mask(url)) + "' is not a valid URL ("
                + e.getReason() + where(url, e.getIndex()) + ")");
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
            Optional<String> rawUserInfo = Optional.ofNullable(parsed.getRawUserInfo());
            return new Endpoint(withoutUserInfo, rawUserInfo.map(raw -> "Basic " + token(raw)), mask(url),
                rawUserInfo.map(raw -> UntrustedText.masking(secrets(raw))).orElse(UntrustedText.withoutSecrets()));
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

    /** The Basic token of the userinfo {@code login:password}, percent-decoded. */
    private static String token(String rawUserInfo) {
        return Base64.getEncoder().encodeToString((decode(rawLogin(rawUserInfo)) + ":" + decode(rawPassword(rawUserInfo)))
            .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every form in which the userinfo's secret may come back from the endpoint: the token (also
     * without its '=' padding), and, when there is a password, the login:password pair and the
     * password, decoded and as written in the URL.
     */
    private static List<String> secrets(String rawUserInfo) {
        String token = token(rawUserInfo);
        List<String> secrets = new ArrayList<>(List.of(token, token.replace("=", "")));
        String rawPassword = rawPassword(rawUserInfo);
        if (!rawPassword.isEmpty()) {
            String login = decode(rawLogin(rawUserInfo));
            String password = decode(rawPassword);
            secrets.addAll(List.of(rawUserInfo, login + ":" + password, rawPassword, password));
        }
        return secrets;
    }

    private static String rawLogin(String rawUserInfo) {
        int colon = rawUserInfo.indexOf(':');
        return colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon);
    }

    private static String rawPassword(String rawUserInfo) {
        int colon = rawUserInfo.indexOf(':');
        return colon < 0 ? "" : rawUserInfo.substring(colon + 1);
    }

    private static String decode(String raw) {
        return PercentCodec.decode(raw, StandardCharsets.UTF_8);
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
        String before = UntrustedText.oneLine(mask(url).substring(0, maskedIndex));
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

    /** Where requests go: the URL without its userinfo. */
    public URI uri() {
        return uri;
    }

    /** The {@code Authorization} header value, when the URL has userinfo. */
    public Optional<String> authorization() {
        return authorization;
    }

    /** How what this endpoint sends back is quoted: without this URL's secrets, on one line, briefly. */
    public UntrustedText untrustedText() {
        return untrustedText;
    }

    @Override
    public String toString() {
        return display;
    }
}
