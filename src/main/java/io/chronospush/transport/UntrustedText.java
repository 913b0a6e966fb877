package io.chronospush.transport;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whatever the endpoint sends back (the start of its body, a header value it is quoted by, an
 * error HttpClient raises on its bytes) made fit for a log line or the check tool's output.
 *
 * <p>That text is the endpoint's, or a proxy's in front of it, and some error pages echo the
 * request, Authorization header and all. So the secrets of the {@code url} are taken out in
 * every form they may come back in: the Basic token, the login:password pair and the password,
 * decoded and as written in the URL, each replaced by {@value Endpoint#MASK}; case is ignored,
 * as an echo may change the case of percent-encoding. The text is put on one line (a line break
 * in a log line starts a line that looks like the mailet's own), and it is cut to
 * {@value #LIMIT} characters: enough for OX's error text, not enough to flood a log.
 *
 * <p>A secret may be short enough to match ordinary words; they are masked too: better an odd
 * "***" in a quote than a password in a log.
 */
public final class UntrustedText {
    /** The most characters of the endpoint's words one quote shows, before {@link #ELLIPSIS}. */
    public static final int LIMIT = 200;
    static final String ELLIPSIS = "...";

    private static final UntrustedText NO_SECRETS = new UntrustedText(List.of());

    /** Longest first, so that the pair is masked whole rather than around its password. */
    private final List<String> secrets;
    private final Optional<Pattern> anySecret;

    private UntrustedText(List<String> secrets) {
        this.secrets = secrets;
        this.anySecret = secrets.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(
            secrets.stream().map(Pattern::quote).collect(Collectors.joining("|")),
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    /** For an endpoint without credentials: the text is put on one line and cut, nothing is masked. */
    static UntrustedText withoutSecrets() {
        return NO_SECRETS;
    }

    /** Masks each of {@code secrets}; empty ones are no secret. */
    static UntrustedText masking(Collection<String> secrets) {
        return new UntrustedText(secrets.stream()
            .filter(secret -> !secret.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .collect(Collectors.toList()));
    }

    /** {@code text}, whole as the endpoint sent it, without the secrets, on one line and at most {@value #LIMIT} characters (and an ellipsis). */
    public String quote(String text) {
        return quote(text, false);
    }

    /**
     * @param cut whether {@code text} is only the start of what the endpoint sent: then it may end
     *     in the first characters of a secret, which are masked too
     */
    String quote(String text, boolean cut) {
        String masked = mask(text.strip());
        if (cut) {
            masked = maskCutSecret(masked);
        }
        return bounded(masked, cut);
    }

    private String mask(String text) {
        return anySecret.map(pattern -> pattern.matcher(text).replaceAll(Matcher.quoteReplacement(Endpoint.MASK))).orElse(text);
    }

    /** A text cut short may end in the start of a secret (decoding a character cut in two left U+FFFD). */
    private String maskCutSecret(String text) {
        String whole = text;
        while (whole.endsWith("\uFFFD")) {
            whole = whole.substring(0, whole.length() - 1);
        }
        int longest = 0;
        for (String secret : secrets) {
            for (int length = Math.min(secret.length() - 1, whole.length()); length > longest; length--) {
                if (whole.regionMatches(true, whole.length() - length, secret, 0, length)) {
                    longest = length;
                }
            }
        }
        return longest == 0 ? text : whole.substring(0, whole.length() - longest) + Endpoint.MASK;
    }

    /** Escaped on one line and cut to {@value #LIMIT} characters, never in the middle of an escape or a surrogate pair. */
    private static String bounded(String text, boolean cut) {
        StringBuilder bounded = new StringBuilder(Math.min(text.length(), LIMIT) + ELLIPSIS.length());
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            String shown = escaped(codePoint);
            if (bounded.length() + shown.length() > LIMIT) {
                break;
            }
            bounded.append(shown);
            i += Character.charCount(codePoint);
        }
        return i < text.length() || cut ? bounded + ELLIPSIS : bounded.toString();
    }

    /**
     * {@code text} with its control characters and line separators escaped (CR as \r, LF as \n,
     * a tab as \t, others as \\uXXXX), so that a message shows it on one line, as it is.
     */
    static String oneLine(String text) {
        StringBuilder oneLine = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> oneLine.append(escaped(codePoint)));
        return oneLine.toString();
    }

    private static String escaped(int codePoint) {
        switch (codePoint) {
            case '\r':
                return "\\r";
            case '\n':
                return "\\n";
            case '\t':
                return "\\t";
            case '\u2028':
            case '\u2029':
                return String.format("\\u%04X", codePoint);
            default:
                return Character.isISOControl(codePoint) ? String.format("\\u%04X", codePoint) : new String(Character.toChars(codePoint));
        }
    }
}
