package io.chronospush.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A name service for the test JVM (registered in META-INF/services): names ending in
 * {@value #SUFFIX} take {@link #DELAY} to resolve, to 127.0.0.1; every other name goes to the JDK's.
 */
public class SlowDns extends InetAddressResolverProvider {
    static final String SUFFIX = ".slow.test";
    static final Duration DELAY = Duration.ofSeconds(3);

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (!host.endsWith(SUFFIX)) {
                    return builtin.lookupByName(host, policy);
                }
                try {
                    Thread.sleep(DELAY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "slow-test-names";
    }
}
