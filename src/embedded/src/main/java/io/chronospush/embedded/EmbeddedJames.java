package io.chronospush.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.modules.protocols.SieveProbeImpl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;

import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;

/**
 * A James 3.8.1 memory server, in this JVM, set up as an operator would: a working directory with
 * {@code conf/} and {@code extensions-jars/}, the extension's drop-in jar copied into the latter
 * and loaded by James's own class loader, and a {@code mailetcontainer.xml} given by the caller.
 * SMTP listens on a free port of 127.0.0.1; webadmin is off unless {@link #enableWebAdmin} was
 * called on the working directory first.
 */
public final class EmbeddedJames implements AutoCloseable {
    private static final List<String> CONF_FILES = List.of("smtpserver.xml", "usersrepository.xml", "domainlist.xml");
    private static final String WEBADMIN = "webadmin.properties";
    private static final String HEALTHCHECK = "healthcheck.properties";
    /** Webadmin on 127.0.0.1 and a free port, as SMTP. */
    private static final Map<String, String> WEBADMIN_LISTENING = Map.of("enabled", "true", "port", "0", "host", "127.0.0.1");

    private final Path workDir;
    private final Path extensionJar;
    private final GuiceJamesServer server;

    private EmbeddedJames(Path workDir, Path extensionJar, GuiceJamesServer server) {
        this.workDir = workDir;
        this.extensionJar = extensionJar;
        this.server = server;
    }

    /**
     * Turns James's webadmin on for the next start on {@code workDir} as an operator does, with the
     * project's samples {@code conf-samples/james38/webadmin.properties} (James's Prometheus route
     * and the extension's) and {@code healthcheck.properties} (the extension's health check) in
     * {@code conf/}. Only where webadmin listens changes: 127.0.0.1 and a free port, so that two
     * runs never collide on James's 8000; {@code settings} set more keys, such as {@code jwt.enabled}.
     * Without the files the memory server runs no webadmin.
     */
    public static void enableWebAdmin(Path workDir, Path projectRoot, Map<String, String> settings) throws IOException {
        Map<String, String> webAdmin = new LinkedHashMap<>(WEBADMIN_LISTENING);
        webAdmin.putAll(settings);
        Path conf = Files.createDirectories(workDir.resolve("conf"));
        Files.writeString(conf.resolve(WEBADMIN), PropertiesSample.withValues(projectRoot, WEBADMIN, webAdmin));
        Files.writeString(conf.resolve(HEALTHCHECK), PropertiesSample.withValues(projectRoot, HEALTHCHECK, Map.of()));
    }

    /**
     * Lays out {@code workDir} and boots James on it; {@code overrides} replace parts of the memory
     * server, such as its mail queue. A {@code workDir} used before keeps what James stored on disk.
     * A start that fails (a configuration James refuses) stops what it had started, its ports and
     * threads, before the failure is thrown: the caller has no server to close.
     */
    public static EmbeddedJames start(Path workDir, Path dropInJar, String mailetContainerXml, Module... overrides) throws Exception {
        Path conf = Files.createDirectories(workDir.resolve("conf"));
        for (String file : CONF_FILES) {
            try (InputStream in = EmbeddedJames.class.getResourceAsStream("/james-conf/" + file)) {
                Files.copy(in, conf.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(conf.resolve("mailetcontainer.xml"), mailetContainerXml);
        Path extensionJar = Files.createDirectories(workDir.resolve("extensions-jars")).resolve(dropInJar.getFileName());
        Files.copy(dropInJar, extensionJar, StandardCopyOption.REPLACE_EXISTING);

        GuiceJamesServer server = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
                .workingDirectory(workDir.toFile())
                .build())
            .overrideWith(overrides)
            .combineWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(MailStoreProbe.class));
        try {
            server.start();
        } catch (Exception | Error e) {
            try {
                server.stop();
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return new EmbeddedJames(workDir, extensionJar, server);
    }

    public Path workDir() {
        return workDir;
    }

    /** Where James found the extension: {@code <workDir>/extensions-jars/<jar>}. */
    public Path extensionJar() {
        return extensionJar;
    }

    public int smtpPort() {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    /** The port webadmin took on 127.0.0.1; only after {@link #enableWebAdmin}. */
    public int webAdminPort() {
        return server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    public void addDomain(String domain) throws Exception {
        server.getProbe(DataProbeImpl.class).addDomain(domain);
    }

    public void addUser(String user, String password) throws Exception {
        server.getProbe(DataProbeImpl.class).addUser(user, password);
    }

    public void activateSieveScript(String user, String name, String script) throws Exception {
        server.getProbe(SieveProbeImpl.class).addActiveSieveScript(user, name, script);
    }

    /** Each of the user's mailboxes with its number of messages. */
    public Map<String, Long> messageCounts(String user) {
        try {
            return server.getProbe(MailStoreProbe.class).messageCounts(user);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the mailboxes of " + user, e);
        }
    }

    /** The messages in one of the user's mailboxes, as stored, oldest first. */
    public List<byte[]> messages(String user, String mailbox) {
        try {
            return server.getProbe(MailStoreProbe.class).messages(user, mailbox);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + user + "'s " + mailbox, e);
        }
    }

    /** The mails a mail repository holds, such as the dead letters in {@code memory://var/mail/chronos-push-failed/}. */
    public List<MailStoreProbe.KeptMail> repository(String url) {
        try {
            return server.getProbe(MailStoreProbe.class).repository(url);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the mail repository " + url, e);
        }
    }

    /** How James's mailet loader instantiates {@code className}: from which jar, with which collaborators. */
    public MailStoreProbe.LoadedClass load(String className) throws Exception {
        return server.getProbe(MailStoreProbe.class).load(className);
    }

    @Override
    public void close() {
        server.stop();
    }
}
