package io.chronospush.embedded;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end test runs: a James on a working directory of its own, and the sink it
 * notifies when there is one. Both are stopped after each test, James first, so that none of its
 * retries meets a sink already gone.
 */
abstract class InJames {
    @TempDir
    Path workDir;

    ChronosSink sink;
    EmbeddedJames james;

    @AfterEach
    void stopJamesAndSink() {
        stopJames();
        if (sink != null) {
            sink.close();
        }
    }

    /** Stops James, whose working directory stays, as after a restart of the server. */
    void stopJames() {
        if (james != null) {
            james.close();
            james = null;
        }
    }
}
