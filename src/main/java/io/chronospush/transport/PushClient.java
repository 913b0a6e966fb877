package io.chronospush.transport;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HttpClient 5 client {@link PushNotifier} sends with: pooled keep-alive HTTP/1.1
 * connections, TLS with hostname verification, every wait bounded by the timeout, and nothing
 * done behind the notifier's back: no redirects, no retries, no cookies, no answers to
 * authentication challenges.
 */
final class PushClient {
    static final int MAX_CONNECTIONS = 32;
    private static final int IO_THREADS = 2;
    private static final String USER_AGENT = "james-chronos-push";
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);

    private PushClient() {
    }

    /** A started client; {@code names} resolves the endpoint's host, {@code ioThreads} makes its I/O threads. */
    static CloseableHttpAsyncClient create(Duration timeout, SSLContext tls, DnsResolver names, ThreadFactory ioThreads) {
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
            .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(ClientTlsStrategyBuilder.create()
                    .setSslContext(tls)
                    .setHostnameVerifier(new DefaultHostnameVerifier())
                    .buildAsync())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(timeout))
                    .setSocketTimeout(Timeout.of(timeout))
                    .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                    .build())
                .setDefaultTlsConfig(TlsConfig.custom()
                    .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                    .setHandshakeTimeout(Timeout.of(timeout))
                    .build())
                .setDnsResolver(names)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .build())
            .setIOReactorConfig(IOReactorConfig.custom()
                .setIoThreadCount(IO_THREADS)
                .build())
            .setIoSessionDecorator(session -> session)
            .setThreadFactory(ioThreads)
            .setDefaultRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .setResponseTimeout(Timeout.of(timeout))
                // A 401 is an outcome to report; HttpClient's auth schemes would log the challenge,
                // which an endpoint echoing the request fills with the Basic token.
                .setAuthenticationEnabled(false)
                .build())
            .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create().build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent(USER_AGENT)
            .build();
        client.start();
        return client;
    }
}
