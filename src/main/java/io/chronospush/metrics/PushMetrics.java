package io.chronospush.metrics;

/**
 * What the extension counts, under names that show up wherever James's own metrics do. The
 * interface names no James type, so that the check tool can run with {@link #NONE} alone.
 */
public interface PushMetrics {
    /** Mails the matcher found a calendar in. */
    String MATCHED = "chronosPush.matched";
    /** Mails the matcher skipped because they are larger than its size limit. */
    String SKIPPED_OVER_SIZE = "chronosPush.skippedOverSize";
    /** Notifications the endpoint accepted, at the first attempt or a retry. */
    String SENT = "chronosPush.sent";
    /** Notifications put on the retry queue: after a failed attempt, or with the circuit open. */
    String RETRIED = "chronosPush.retried";
    /** Notifications given up on: a permanent refusal, or no retry left. */
    String DEAD_LETTERED = "chronosPush.deadLettered";
    /** Time from starting a request to its outcome, whatever the outcome. */
    String REQUEST_LATENCY = "chronosPush.requestLatency";

    /** A started time measurement. */
    interface Timer {
        void stop();
    }

    void matched();

    void skippedOverSize();

    void sent();

    void retried();

    void deadLettered();

    Timer requestStarted();

    /** Counts nothing: the check tool runs without James, and so without its {@code MetricFactory}. */
    PushMetrics NONE = new PushMetrics() {
        @Override
        public void matched() {
        }

        @Override
        public void skippedOverSize() {
        }

        @Override
        public void sent() {
        }

        @Override
        public void retried() {
        }

        @Override
        public void deadLettered() {
        }

        @Override
        public Timer requestStarted() {
            return () -> { };
        }
    };
}
