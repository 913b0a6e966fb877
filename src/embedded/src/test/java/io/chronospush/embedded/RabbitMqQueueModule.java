package io.chronospush.embedded;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.backends.rabbitmq.RabbitMQConfiguration;
import org.apache.james.backends.rabbitmq.RabbitMQConnectionFactory;
import org.apache.james.backends.rabbitmq.ReactorRabbitMQChannelPool;
import org.apache.james.backends.rabbitmq.ReceiverProvider;
import org.apache.james.backends.rabbitmq.SimpleConnectionPool;
import org.apache.james.mailetcontainer.impl.JamesMailSpooler;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.rabbitmq.RabbitMQMailQueue;
import org.apache.james.queue.rabbitmq.RabbitMQMailQueueFactory;
import org.apache.james.queue.rabbitmq.view.RabbitMQMailQueueConfiguration;
import org.apache.james.queue.rabbitmq.view.api.FakeMailQueueView;
import org.apache.james.queue.rabbitmq.view.api.MailQueueView;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import reactor.core.publisher.Mono;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.ReceiverOptions;
import reactor.rabbitmq.Sender;

/**
 * James 3.8.1's mail queues on RabbitMQ, as distributed James has them: the spool and every queue
 * taken from {@link MailQueueFactory}, the extension's retry queues included. Overrides the memory
 * server's queues ({@code EmbeddedJames.start(..., new RabbitMqQueueModule(vhost))}).
 *
 * <p>These are the bindings of James's {@code RabbitMQModule}, {@code RabbitMQMailQueueModule} and
 * {@code FakeMailQueueViewModule} ({@code cassandra.view.enabled=false}), whose artifact
 * ({@code queue-rabbitmq-guice}) is not on Maven Central at 3.8.1, with the configuration given in
 * code instead of {@code rabbitmq.properties}. Like {@code SpoolerReconnectionHandler}, the
 * connection pool restarts the spooler when it replaces a dead connection. The blob store (mail
 * bodies) stays the memory server's unless {@link DirectoryBlobStoreDAO#module} overrides it too.
 *
 * <p>RabbitMQ's management API must be reachable: James creates its queues through it.
 */
public final class RabbitMqQueueModule extends AbstractModule {
    public static final URI DEFAULT_AMQP = URI.create("amqp://127.0.0.1:5672");
    public static final URI DEFAULT_MANAGEMENT = URI.create("http://127.0.0.1:15672");
    public static final String DEFAULT_USER = "guest";
    public static final String DEFAULT_PASSWORD = "guest";

    private final RabbitMQConfiguration configuration;

    /** The broker of 127.0.0.1 (guest:guest), on {@code vhost}, which must exist with guest's permissions. */
    public RabbitMqQueueModule(String vhost) {
        this(DEFAULT_AMQP, DEFAULT_MANAGEMENT, DEFAULT_USER, DEFAULT_PASSWORD, vhost);
    }

    public RabbitMqQueueModule(URI amqp, URI management, String user, String password, String vhost) {
        // The vhost goes in the AMQP URI's path: RabbitMQConfiguration's vhost only serves the management API,
        // and an AMQP URI without a path connects to the default vhost, shared with every other user of the broker.
        this.configuration = RabbitMQConfiguration.builder()
            .amqpUri(amqp.resolve("/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8)))
            .managementUri(management)
            .managementCredentials(new RabbitMQConfiguration.ManagementCredentials(user, password.toCharArray()))
            .vhost(Optional.of(vhost))
            .build();
    }

    @Override
    protected void configure() {
        bind(RabbitMQConfiguration.class).toInstance(configuration);
        bind(RabbitMQMailQueueConfiguration.class).toInstance(RabbitMQMailQueueConfiguration.sizeMetricsDisabled());
        bind(MailQueueView.Factory.class).toInstance(new FakeMailQueueView.Factory());
        bind(SimpleConnectionPool.Configuration.class).toInstance(SimpleConnectionPool.Configuration.DEFAULT);
        bind(ReactorRabbitMQChannelPool.Configuration.class).toInstance(ReactorRabbitMQChannelPool.Configuration.DEFAULT);
    }

    /** As {@code RabbitMQModule} with {@code SpoolerReconnectionHandler}: a replaced connection restarts the spooler. */
    @Provides
    @Singleton
    SimpleConnectionPool connectionPool(RabbitMQConnectionFactory factory, SimpleConnectionPool.Configuration poolConfiguration,
                                        Provider<JamesMailSpooler> spooler) {
        SimpleConnectionPool pool = new SimpleConnectionPool(factory, poolConfiguration);
        SimpleConnectionPool.ReconnectionHandler restartSpooler = connection -> Mono.fromRunnable(() -> spooler.get().restart());
        pool.init(Set.of(restartSpooler));
        return pool;
    }

    @Provides
    @Singleton
    ReactorRabbitMQChannelPool channelPool(SimpleConnectionPool pool, ReactorRabbitMQChannelPool.Configuration poolConfiguration,
                                           MetricFactory metricFactory) {
        ReactorRabbitMQChannelPool channelPool = new ReactorRabbitMQChannelPool(pool.getResilientConnection(), poolConfiguration, metricFactory);
        channelPool.start();
        return channelPool;
    }

    @Provides
    @Singleton
    Sender sender(ReactorRabbitMQChannelPool channelPool) {
        return channelPool.getSender();
    }

    @Provides
    @Singleton
    ReceiverProvider receiverProvider(SimpleConnectionPool pool) {
        return () -> RabbitFlux.createReceiver(new ReceiverOptions().connectionMono(pool.getResilientConnection()));
    }

    @Provides
    @Singleton
    MailQueueFactory<RabbitMQMailQueue> rabbitFactory(RabbitMQMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(MailQueueFactory<RabbitMQMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(MailQueueFactory<RabbitMQMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> genericQueues(MailQueueFactory<RabbitMQMailQueue> factory) {
        return factory;
    }
}
