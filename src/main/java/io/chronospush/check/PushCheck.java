package io.chronospush.check;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import io.chronospush.payload.PushDocument;
import io.chronospush.transport.PushOutcome;
import io.chronospush.transport.TrustMaterial;

/**
 * The drop-in jar's {@code Main-Class}: an operator's check of the endpoint, its credentials and
 * its TLS before the mail flow depends on them.
 * <pre>
 * java -jar james-chronos-push-&lt;version&gt;-james38.jar --url URL --user USER [--folder F] [--ca-file PEM] [--dry-run] message.eml
 * </pre>
 * It builds the notification and makes the mailet's inline attempt with its own payload and
 * transport classes ({@link CheckedNotification}, which webadmin's {@code POST /chronos-push/check} uses too), then prints the answer and what it means for OX. The password of the URL is never printed.
 * The message file's line ends are made CRLF first, as SMTP delivers them to James (see {@link LineEnds}).
 */
public final class PushCheck {
    static final int ACCEPTED = 0;
    static final int NOT_ACCEPTED = 1;
    static final int USAGE = 2;
    private static final String CA_FILE_PARAMETER = "'caFile'";
    static final String NORMALISED = "(line ends normalised to CRLF, as SMTP delivers them)";

    private PushCheck() {
    }

    public static void main(String[] args) {
        // Alone on the command line there is no logging backend; the outcome is printed instead.
        setIfAbsent("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        setIfAbsent("slf4j.internal.verbosity", "WARN");
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** What {@link #main} does, printing to {@code out} and {@code err}: the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            out.println(CheckOptions.USAGE);
            return args.isEmpty() ? USAGE : ACCEPTED;
        }
        CheckOptions options;
        byte[] file;
        SSLContext tls;
        try {
            options = CheckOptions.parse(args);
            file = read(options);
            tls = options.caFile
                .map(caFile -> TrustMaterial.withCaFile(caFile, Optional.empty()))
                .orElseGet(TrustMaterial::jvmDefault);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.println(CheckOptions.USAGE);
            return USAGE;
        }
        CheckedNotification notification = CheckedNotification.of(file, options.user, options.folder);
        PushDocument document = notification.document();
        if (options.dryRun) {
            out.write(document.toByteArray(), 0, Math.toIntExact(document.length()));
            out.println();
            if (notification.lineEndsNormalised()) {
                // Not on out, which holds the JSON alone, for a pipe into jq.
                err.println(NORMALISED);
            }
            return ACCEPTED;
        }
        out.println(options.method + " " + options.endpoint);
        out.println("  user " + options.user + ", folder " + options.folder + ", message " + options.message
            + " (" + notification.messageLength() + " bytes, JSON " + document.length() + " bytes), timeout " + options.timeout.toMillis() + " ms");
        if (notification.lineEndsNormalised()) {
            out.println("  " + NORMALISED);
        }
        PushOutcome outcome = notification.sendOnce(options.endpoint, options.method, options.timeout, tls);
        out.println(notification.verdict(outcome));
        if (outcome.isAccepted()) {
            return ACCEPTED;
        }
        if (options.caFile.isEmpty() && outcome.description().contains(CA_FILE_PARAMETER)) {
            // The description speaks of the mailet's parameter; here it is an option.
            out.println("  Here, --ca-file is the mailet's 'caFile'.");
        }
        return NOT_ACCEPTED;
    }

    private static byte[] read(CheckOptions options) {
        try {
            return Files.readAllBytes(options.message);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the message file '" + options.message + "': " + e);
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
