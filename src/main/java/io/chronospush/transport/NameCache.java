package io.chronospush.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The endpoint's addresses, remembered for {@link #TTL} (the JVM's own default for positive
 * answers). HttpClient resolves the host name on the thread that starts a request needing a new
 * connection; with this cache, the notifier knows when starting a request cannot wait on a
 * lookup, and only then starts it on the caller's thread, which saves a thread hop per request.
 */
final class NameCache implements DnsResolver {
    static final Duration TTL = Duration.ofSeconds(30);

    private final DnsResolver lookup;
    private final Duration longestAttempt;
    private final LongSupplier clock;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    /** @param longestAttempt how long after {@link #answersAtOnce} a request may still need the address */
    NameCache(Duration longestAttempt) {
        this(SystemDefaultDnsResolver.INSTANCE, longestAttempt, System::nanoTime);
    }

    NameCache(DnsResolver lookup, Duration longestAttempt, LongSupplier clock) {
        this.lookup = lookup;
        this.longestAttempt = longestAttempt;
        this.clock = clock;
    }

    /** Whether {@link #resolve} answers for {@code host} without a lookup, now and for the longest attempt. */
    boolean answersAtOnce(String host) {
        if (InetAddressUtils.isIPv4(host) || InetAddressUtils.isIPv6(host) || InetAddressUtils.isIPv6URLBracketed(host)) {
            return true;
        }
        Resolved entry = resolved.get(host);
        return entry != null && entry.age(clock).plus(longestAttempt).compareTo(TTL) < 0;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Resolved entry = resolved.get(host);
        if (entry != null && entry.age(clock).compareTo(TTL) < 0) {
            return entry.addresses.clone();
        }
        InetAddress[] addresses = lookup.resolve(host);
        resolved.put(host, new Resolved(addresses, clock.getAsLong()));
        return addresses.clone();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return lookup.resolveCanonicalHostname(host);
    }

    private static final class Resolved {
        final InetAddress[] addresses;
        final long at;

        Resolved(InetAddress[] addresses, long at) {
            this.addresses = addresses;
            this.at = at;
        }

        Duration age(LongSupplier clock) {
            return Duration.ofNanos(clock.getAsLong() - at);
        }
    }
}
