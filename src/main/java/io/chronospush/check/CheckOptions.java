package io.chronospush.check;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.chronospush.address.DeliveryFolder;
import io.chronospush.config.ChronosPushConfiguration;
import io.chronospush.config.RequestMethods;
import io.chronospush.transport.Endpoint;
import io.chronospush.transport.PushNotifier;

/**
 * The check tool's command line: the mailet's parameters, spelled as options. It takes only the
 * mailet's String constants, which the compiler copies in: run alone, the jar has no James API,
 * so neither the mailet class nor James's duration syntax is at hand.
 */
final class CheckOptions {
    static final String USAGE = String.join("\n",
        "Usage: java -jar james-chronos-push-<version>-<line>.jar --url URL --user USER [options] message.eml",
        "",
        "Sends one notification for message.eml exactly as the ChronosPushNotification mailet would,",
        "and says what the endpoint's answer means for OX App Suite.",
        "",
        "  --url URL          the mailet's 'url': https://login:password@ox.example.com/chronos/v1/itip/pushmail",
        "  --user USER        the account the notification is for, as James names it (bob@example.com)",
        "  --folder FOLDER    the folder the mail is delivered to (default " + DeliveryFolder.INBOX + ")",
        "  --ca-file FILE     the mailet's 'caFile': PEM bundle or password-less PKCS12/JKS store of extra CAs",
        "  --timeout-ms MS    the mailet's 'timeout', in milliseconds (default " + PushNotifier.DEFAULT_TIMEOUT.toMillis() + ")",
        "  --method METHOD    the mailet's 'method', PUT or POST (default " + ChronosPushConfiguration.DEFAULT_METHOD + ")",
        "  --dry-run          print the JSON that would be sent, and send nothing",
        "",
        "Exit status: 0 accepted (or dry run), 1 not accepted, 2 wrong command line.");

    final Endpoint endpoint;
    final String user;
    final String folder;
    final Optional<Path> caFile;
    final Duration timeout;
    final String method;
    final boolean dryRun;
    final Path message;

    private CheckOptions(Endpoint endpoint, String user, String folder, Optional<Path> caFile, Duration timeout,
                         String method, boolean dryRun, Path message) {
        this.endpoint = endpoint;
        this.user = user;
        this.folder = folder;
        this.caFile = caFile;
        this.timeout = timeout;
        this.method = method;
        this.dryRun = dryRun;
        this.message = message;
    }

    /** @throws IllegalArgumentException with a message fit for the user; it never shows the URL's password */
    static CheckOptions parse(List<String> args) {
        Deque<String> rest = new ArrayDeque<>(args);
        Optional<Endpoint> endpoint = Optional.empty();
        Optional<String> user = Optional.empty();
        String folder = DeliveryFolder.INBOX;
        Optional<Path> caFile = Optional.empty();
        Duration timeout = PushNotifier.DEFAULT_TIMEOUT;
        String method = ChronosPushConfiguration.DEFAULT_METHOD;
        boolean dryRun = false;
        Optional<Path> message = Optional.empty();
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            switch (arg) {
                case "--url":
                    endpoint = Optional.of(withOption(arg, () -> Endpoint.parse(value(arg, rest))));
                    break;
                case "--user":
                    user = Optional.of(value(arg, rest));
                    break;
                case "--folder":
                    folder = value(arg, rest);
                    break;
                case "--ca-file":
                    caFile = Optional.of(Paths.get(value(arg, rest)));
                    break;
                case "--timeout-ms":
                    String millis = value(arg, rest);
                    timeout = withOption(arg, () -> positiveMillis(millis));
                    break;
                case "--method":
                    String name = value(arg, rest);
                    method = withOption(arg, () -> RequestMethods.parse(name));
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                default:
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    if (message.isPresent()) {
                        throw new IllegalArgumentException("one message file only, got '" + message.get() + "' and '" + arg + "'");
                    }
                    message = Optional.of(Paths.get(arg));
            }
        }
        return new CheckOptions(
            endpoint.orElseThrow(() -> new IllegalArgumentException("--url is required")),
            user.filter(u -> !u.isBlank()).orElseThrow(() -> new IllegalArgumentException("--user is required")),
            folder, caFile, timeout, method, dryRun,
            message.orElseThrow(() -> new IllegalArgumentException("the message file (.eml) is required")));
    }

    private static Duration positiveMillis(String value) {
        try {
            long millis = Long.parseLong(value);
            if (millis > 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("'" + value + "' is not a positive number of milliseconds");
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.removeFirst();
    }

    private static <T> T withOption(String option, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
