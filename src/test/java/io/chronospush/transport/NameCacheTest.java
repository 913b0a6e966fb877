package io.chronospush.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;

class NameCacheTest {
    private static final Duration ATTEMPT = Duration.ofSeconds(2);

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger lookups = new AtomicInteger();
    private final NameCache testee = new NameCache(countingLookups(), ATTEMPT, now::get);

    @Test
    void addressLiteralsNeedNoLookup() {
        assertThat(testee.answersAtOnce("127.0.0.1")).isTrue();
        assertThat(testee.answersAtOnce("[::1]")).isTrue();
        assertThat(testee.answersAtOnce("::1")).isTrue();
    }

    @Test
    void aNameNeverResolvedNeedsALookup() {
        assertThat(testee.answersAtOnce("localhost")).isFalse();
    }

    @Test
    void aResolvedNameIsAnsweredFromTheCache() throws UnknownHostException {
        InetAddress[] first = testee.resolve("localhost");

        assertThat(testee.answersAtOnce("localhost")).isTrue();
        assertThat(testee.resolve("localhost")).containsExactly(first);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aNameIsNotAnsweredAtOnceWhenItWouldExpireWithinAnAttempt() throws UnknownHostException {
        testee.resolve("localhost");

        advance(NameCache.TTL.minus(ATTEMPT));

        assertThat(testee.answersAtOnce("localhost")).isFalse();
        testee.resolve("localhost");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void anExpiredNameIsLookedUpAgain() throws UnknownHostException {
        testee.resolve("localhost");

        advance(NameCache.TTL);
        testee.resolve("localhost");

        assertThat(lookups).hasValue(2);
        assertThat(testee.answersAtOnce("localhost")).isTrue();
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    private DnsResolver countingLookups() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                lookups.incrementAndGet();
                return SystemDefaultDnsResolver.INSTANCE.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
            }
        };
    }
}
