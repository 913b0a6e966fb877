package io.chronospush.metrics;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;

/** {@link PushMetrics} kept by James's {@code MetricFactory}. */
public final class JamesMetrics implements PushMetrics {
    private final MetricFactory factory;
    private final Metric matched;
    private final Metric skippedOverSize;
    private final Metric sent;
    private final Metric retried;
    private final Metric deadLettered;

    public JamesMetrics(MetricFactory factory) {
        this.factory = factory;
        this.matched = factory.generate(MATCHED);
        this.skippedOverSize = factory.generate(SKIPPED_OVER_SIZE);
        this.sent = factory.generate(SENT);
        this.retried = factory.generate(RETRIED);
        this.deadLettered = factory.generate(DEAD_LETTERED);
    }

    @Override
    public void matched() {
        matched.increment();
    }

    @Override
    public void skippedOverSize() {
        skippedOverSize.increment();
    }

    @Override
    public void sent() {
        sent.increment();
    }

    @Override
    public void retried() {
        retried.increment();
    }

    @Override
    public void deadLettered() {
        deadLettered.increment();
    }

    @Override
    public Timer requestStarted() {
        return factory.timer(REQUEST_LATENCY)::stopAndPublish;
    }
}
