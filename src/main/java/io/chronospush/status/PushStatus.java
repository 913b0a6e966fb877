package io.chronospush.status;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;

import io.chronospush.metrics.JamesMetrics;
import io.chronospush.metrics.PushMetrics;

/**
 * What the extension's parts share in a running James: the counters since start, and the
 * {@code ChronosPushNotification} mailets that run, each registered by its {@code init()} and
 * unregistered by its {@code destroy()}.
 *
 * <p>James builds mailets, matchers, additional health checks ({@code healthcheck.properties})
 * and webadmin extension routes ({@code webadmin.properties}) each with a child injector of its
 * own; a {@code @Singleton} class whose constructor needs only types bound in James's root
 * injector is bound just in time in the root injector, so all of them get this one instance.
 *
 * <p>It registers two gauges, once, under James's metrics ({@code GET /metrics} shows them as
 * {@code chronosPush_pendingRetries} and {@code chronosPush_circuitOpen}):
 * {@value #PENDING_RETRIES}, the mails waiting on the retry queues that can be counted, and
 * {@value #CIRCUIT_OPEN}, 1 while some mailet's circuit is open, else 0.
 */
@Singleton
public final class PushStatus {
    public static final String PENDING_RETRIES = "chronosPush.pendingRetries";
    public static final String CIRCUIT_OPEN = "chronosPush.circuitOpen";

    private final CountingMetrics metrics;
    private final List<RunningMailet> mailets = new CopyOnWriteArrayList<>();

    @Inject
    public PushStatus(MetricFactory metricFactory, GaugeRegistry gauges) {
        this(new JamesMetrics(metricFactory), gauges);
    }

    /** Counts and hands each event on to {@code forwardedTo}. */
    public PushStatus(PushMetrics forwardedTo, GaugeRegistry gauges) {
        this.metrics = new CountingMetrics(forwardedTo);
        gauges.register(PENDING_RETRIES, this::pendingRetries);
        gauges.register(CIRCUIT_OPEN, this::circuitOpen);
    }

    /** What the matcher and the mailet count with: James's metrics, and this status's counters. */
    public PushMetrics metrics() {
        return metrics;
    }

    public Counts counts() {
        return metrics.counts();
    }

    public void register(RunningMailet mailet) {
        mailets.add(mailet);
    }

    public void unregister(RunningMailet mailet) {
        mailets.remove(mailet);
    }

    /** The mailets running now, in the order they started. */
    public List<RunningMailet> mailets() {
        return List.copyOf(mailets);
    }

    /** Each running mailet now. */
    public List<MailetSnapshot> snapshots() {
        return mailets.stream().map(RunningMailet::snapshot).collect(Collectors.toList());
    }

    private long pendingRetries() {
        return snapshots().stream().mapToLong(MailetSnapshot::countedPending).sum();
    }

    private int circuitOpen() {
        return snapshots().stream().anyMatch(mailet -> mailet.circuit().isOpen()) ? 1 : 0;
    }
}
