package io.chronospush.status;

import java.util.concurrent.atomic.AtomicLong;

import io.chronospush.metrics.PushMetrics;

/** {@link PushMetrics} that counts each event, for {@link PushStatus}, and hands it on to James's metrics. */
final class CountingMetrics implements PushMetrics {
    private final PushMetrics forwardedTo;
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong skippedOverSize = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    CountingMetrics(PushMetrics forwardedTo) {
        this.forwardedTo = forwardedTo;
    }

    Counts counts() {
        return new Counts(matched.get(), skippedOverSize.get(), sent.get(), retried.get(), deadLettered.get());
    }

    @Override
    public void matched() {
        matched.incrementAndGet();
        forwardedTo.matched();
    }

    @Override
    public void skippedOverSize() {
        skippedOverSize.incrementAndGet();
        forwardedTo.skippedOverSize();
    }

    @Override
    public void sent() {
        sent.incrementAndGet();
        forwardedTo.sent();
    }

    @Override
    public void retried() {
        retried.incrementAndGet();
        forwardedTo.retried();
    }

    @Override
    public void deadLettered() {
        deadLettered.incrementAndGet();
        forwardedTo.deadLettered();
    }

    @Override
    public Timer requestStarted() {
        return forwardedTo.requestStarted();
    }
}
