package io.chronospush.status;

/** What the extension counted since James started, at one moment: {@link io.chronospush.metrics.PushMetrics}' counters. */
public final class Counts {
    private final long matched;
    private final long skippedOverSize;
    private final long sent;
    private final long retried;
    private final long deadLettered;

    Counts(long matched, long skippedOverSize, long sent, long retried, long deadLettered) {
        this.matched = matched;
        this.skippedOverSize = skippedOverSize;
        this.sent = sent;
        this.retried = retried;
        this.deadLettered = deadLettered;
    }

    /** Mails the matcher found a calendar in. */
    public long matched() {
        return matched;
    }

    /** Mails the matcher skipped for their size. */
    public long skippedOverSize() {
        return skippedOverSize;
    }

    /** Notifications the endpoint accepted. */
    public long sent() {
        return sent;
    }

    /** Notifications put on a retry queue. */
    public long retried() {
        return retried;
    }

    /** Notifications given up on. */
    public long deadLettered() {
        return deadLettered;
    }

    @Override
    public String toString() {
        return "matched " + matched + ", skipped over size " + skippedOverSize + ", sent " + sent + ", retried " + retried
            + ", dead-lettered " + deadLettered;
    }
}
