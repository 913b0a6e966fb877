package io.chronospush;

import java.time.Clock;

import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;

import io.chronospush.address.AccountResolver;
import io.chronospush.metrics.PushMetrics;
import io.chronospush.status.PushStatus;
import io.chronospush.testing.InMemoryMailQueues;

/** The matcher and the mailet as the tests build them, in place of James's Guice. */
final class TestMailets {
    private TestMailets() {
    }

    /** Accounts named by full address (James's default, virtual hosting), retries on {@code queues}, nothing counted. */
    static ChronosPushNotification chronosPush(InMemoryMailQueues queues) {
        return chronosPush(AccountResolver.fullAddress(), queues, PushMetrics.NONE);
    }

    static ChronosPushNotification chronosPush(AccountResolver accounts, InMemoryMailQueues queues, PushMetrics metrics) {
        return new ChronosPushNotification(accounts, queues, new PushStatus(metrics, new NoopGaugeRegistry()), Clock.systemUTC());
    }

    static HasCalendarInvite hasCalendarInvite() {
        return new HasCalendarInvite(new PushStatus(new RecordingMetricFactory(), new NoopGaugeRegistry()));
    }
}
