package io.chronospush.james39;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.UserEntityValidator;
import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailetcontainer.impl.CompositeProcessorImpl;
import org.apache.james.mailetcontainer.impl.JamesMailetContext;
import org.apache.james.mailetcontainer.impl.LocalResourcesImpl;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.james.utils.ExtendedClassLoader;
import org.apache.james.utils.ExtensionConfiguration;
import org.apache.james.utils.GuiceGenericLoader;
import org.apache.james.utils.GuiceMailetLoader;
import org.apache.james.utils.GuiceMatcherLoader;
import org.apache.mailet.Mail;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.TypeLiteral;

import io.chronospush.testing.InMemoryMailQueues;

import reactor.core.publisher.Flux;

/**
 * James 3.9's mailet container as its Guice server wires it ({@code MailetContainerModule}), on a
 * working directory with the drop-in jar in {@code extensions-jars/}: matchers and mailets
 * located by {@link ExtendedClassLoader} and built by Guice ({@link GuiceMailetLoader},
 * {@link GuiceMatcherLoader}) with what a memory server binds for the extension's
 * {@code @Inject} constructors, the {@link JamesMailetContext}, and the processors of a
 * {@code mailetcontainer.xml} run by {@link CompositeProcessorImpl}. Mails go in where the
 * spooler hands them over ({@link #spool}, {@link #spoolQueued}). The mail queues are the project's
 * {@link InMemoryMailQueues}, which passes James's {@code MailQueueContract}: James 3.9's
 * memory queue is not on Maven Central.
 */
final class James39Container implements AutoCloseable {
    private static final Domain DOMAIN = Domain.of("example.com");
    private static final List<Username> USERS = List.of(Username.of("bob@example.com"), Username.of("alice@example.com"));

    private final InMemoryMailQueues queues = new InMemoryMailQueues();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final StandIns.Deliveries deliveries = new StandIns.Deliveries();
    private final JamesMailetContext mailetContext;
    private final CompositeProcessorImpl processors;

    private James39Container(Path workingDirectory) throws Exception {
        // No DNS lookup on these paths (no auto-detected domains, no remote delivery); James's own
        // JamesMailetContextTest passes none either: its in-memory DNSService is not on Maven Central.
        DNSService dns = null;
        MemoryDomainList domains = new MemoryDomainList(dns);
        domains.configure(DomainListConfiguration.builder().defaultDomain(DOMAIN).autoDetect(false).autoDetectIp(false));
        MemoryUsersRepository users = MemoryUsersRepository.withVirtualHosting(domains);
        for (Username user : USERS) {
            users.addUser(user, "secret");
        }
        MemoryRecipientRewriteTable recipientRewriteTable = new MemoryRecipientRewriteTable();
        recipientRewriteTable.setDomainList(domains);
        recipientRewriteTable.setUsersRepository(users);
        recipientRewriteTable.configure(new BaseHierarchicalConfiguration());
        FileSystem fileSystem = new FileSystemImpl(new JamesServerResourceLoader(workingDirectory.toString()));

        GuiceGenericLoader loader = new GuiceGenericLoader(Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                bind(UsersRepository.class).toInstance(users);
                // Guice injects the repository's @Inject setters too; no user is created here, so nothing to validate.
                bind(UserEntityValidator.class).toInstance(UserEntityValidator.NOOP);
                bind(DomainList.class).toInstance(domains);
                bind(new TypeLiteral<MailQueueFactory<?>>() { }).toInstance(queues);
                bind(MetricFactory.class).toInstance(metrics);
                bind(GaugeRegistry.class).toInstance(new NoopGaugeRegistry());
                bind(FileSystem.class).toInstance(fileSystem);
                bind(StandIns.Deliveries.class).toInstance(deliveries);
            }
        }), new ExtendedClassLoader(fileSystem), ExtensionConfiguration.DEFAULT);

        mailetContext = new JamesMailetContext(dns, domains, new LocalResourcesImpl(users, domains, recipientRewriteTable), queues);
        processors = new CompositeProcessorImpl(metrics, mailetContext, new GuiceMatcherLoader(loader), new GuiceMailetLoader(loader, Set.of()));
    }

    /** Copies {@code jar} into {@code workingDirectory/extensions-jars/}, where James 3.9 looks for extensions. */
    static void dropIn(Path workingDirectory, Path jar) throws IOException {
        Path extensions = Files.createDirectories(workingDirectory.resolve(ExtendedClassLoader.EXTENSIONS_JARS_FOLDER_NAME));
        Files.copy(jar, extensions.resolve(jar.getFileName()));
    }

    /** Starts the container on {@code workingDirectory} with {@code mailetcontainer}; a start James would refuse throws, as James's does. */
    static James39Container start(Path workingDirectory, HierarchicalConfiguration<ImmutableNode> mailetcontainer) throws Exception {
        James39Container container = new James39Container(workingDirectory);
        try {
            container.mailetContext.configure(mailetcontainer.configurationAt("context"));
            container.processors.configure(mailetcontainer.configurationAt("processors"));
            container.processors.init();
            return container;
        } catch (Exception refused) {
            container.close();
            throw refused;
        }
    }

    /** What James's spooler does with a mail it takes from the spool queue. */
    void spool(Mail mail) throws Exception {
        processors.service(mail);
    }

    /** The spooler's loop, {@code count} times: the mails mailets put on the spool queue ({@code sendMail}), each handed to the container. */
    void spoolQueued(int count) throws Exception {
        MailQueue spool = queues.getQueue(MailQueueFactory.SPOOL).orElseThrow();
        List<MailQueue.MailQueueItem> items = Flux.from(spool.deQueue()).take(count).collectList().block(Duration.ofSeconds(10));
        for (MailQueue.MailQueueItem item : items) {
            spool(item.getMail());
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        }
        spool.close();
    }

    CompositeProcessorImpl processors() {
        return processors;
    }

    StandIns.Deliveries deliveries() {
        return deliveries;
    }

    InMemoryMailQueues queues() {
        return queues;
    }

    RecordingMetricFactory metrics() {
        return metrics;
    }

    @Override
    public void close() {
        processors.dispose();
        mailetContext.dispose();
        queues.shutdown();
    }
}
